import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

/** Often enough for any heartbeat timeout of a few seconds (the SDK throttles to 80 % of it). */
const BEAT_FRACTION = 0.3;

type Activity = (...args: never[]) => Promise<unknown>;

/** The running activity's context; none when a function is called outside a worker (a script, a test). */
function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/** What each kept-alive attempt last checkpointed: its beats carry it, never overwrite it. */
const checkpoints = new WeakMap<Context, { details: unknown }>();

/**
 * Heartbeats while a short call to Zendesk or Salesforce runs. Scheduled with a heartbeat
 * timeout of seconds, an attempt on a worker that died (SIGKILL, a lost node) is retried once
 * that timeout passes, not after its start-to-close timeout of a minute: a ticket's writes and
 * reads resume within seconds of a crash. A call that ends before the first beat sends none.
 * The beats carry the attempt's last `checkpoint` (at first, the previous attempt's), so the
 * keep-alive never erases what an activity recorded for its retry.
 */
export function keptAlive<F extends Activity>(activity: F): F {
  const wrapped = async (...args: Parameters<F>) => {
    const context = activityContext();
    const timeoutMs = context?.info.heartbeatTimeoutMs;
    if (!context || !timeoutMs) return activity(...args);
    const kept = { details: context.info.heartbeatDetails as unknown };
    checkpoints.set(context, kept);
    const beats = setInterval(
      () => context.heartbeat(kept.details),
      Math.max(500, timeoutMs * BEAT_FRACTION),
    );
    try {
      return await activity(...args);
    } finally {
      clearInterval(beats);
    }
  };
  return wrapped as F;
}

/** `keptAlive` on every activity of a set. */
export function allKeptAlive<T extends Record<string, Activity>>(activities: T): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, activity]) => [name, keptAlive(activity)]),
  ) as T;
}

/**
 * The first retry's interval of the ticket's activities (workflows/partner-ticket/context.ts): an
 * attempt that got somewhere before it failed is retried after it, not after a back-off grown by
 * earlier attempts. Otherwise each read or write of a run (five reads, a few writes) adds to one
 * back-off that soon reaches its minute, where one activity per call would have started at 2 s.
 */
const RETRY_AFTER_PROGRESS = '2 seconds';

/** A passing failure, retried after RETRY_AFTER_PROGRESS unless the system said when (Retry-After). */
function retrySoonAfterProgress(err: unknown): unknown {
  if (!(err instanceof ApplicationFailure) || err.nonRetryable || err.nextRetryDelay !== undefined)
    return err;
  return ApplicationFailure.create({
    message: err.message,
    type: err.type ?? undefined,
    details: err.details as unknown[] | undefined,
    cause: err.cause,
    nonRetryable: false,
    nextRetryDelay: RETRY_AFTER_PROGRESS,
  });
}

/**
 * Reads that survive a failed attempt: each value read is checkpointed in the activity's heartbeat,
 * and a retry of the same activity takes it from there instead of asking again. An activity that
 * reads several things (a ticket, its requester, the Salesforce Account) thus needs one clean run
 * of each read, not of all of them at once: under a storm of 429s and 503s the whole rarely succeeds.
 * Values must survive JSON (plain data); outside a worker every read is simply done.
 */
export function resumableReads<Reads extends Record<string, unknown>>() {
  const context = activityContext();
  const previous = context?.info.heartbeatDetails as { reads?: Partial<Reads> } | undefined;
  const done: Partial<Reads> = Object.assign({}, previous?.reads);
  let progressed = false;
  return async function read<K extends keyof Reads & string>(
    key: K,
    call: () => Promise<Reads[K]>,
  ): Promise<Reads[K]> {
    if (key in done) return done[key] as Reads[K];
    let value: Reads[K];
    try {
      value = await call();
    } catch (err) {
      throw progressed && context?.info.heartbeatTimeoutMs ? retrySoonAfterProgress(err) : err;
    }
    done[key] = value;
    progressed = true;
    // An activity without a heartbeat timeout must not heartbeat: its reads last one attempt.
    if (context?.info.heartbeatTimeoutMs) {
      const details = { reads: done };
      const kept = checkpoints.get(context);
      if (kept) kept.details = details;
      context.heartbeat(details);
    }
    return value;
  };
}
