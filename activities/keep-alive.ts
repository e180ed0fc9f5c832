import { Context, type Info } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { msOptionalToNumber } from '@temporalio/common/lib/time';

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

/** `keptAlive` on every activity of a set but those named (they heartbeat their own progress). */
export function allKeptAlive<T extends Record<string, Activity>>(
  activities: T,
  ...ownBeats: Array<keyof T>
): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, activity]) => [
      name,
      ownBeats.includes(name) ? activity : keptAlive(activity),
    ]),
  ) as T;
}

/**
 * The back-off before the next attempt, counted from the last attempt that got somewhere rather
 * than from the activity's first: an activity made of several calls (five reads, a few writes)
 * retries like one activity per call would, starting again at the policy's first interval after
 * each call that succeeded, instead of waiting out a back-off grown by the earlier calls' failures
 * (under a storm it reached its minute, and a ticket's writes took minutes). A system that said
 * when (Retry-After) and a failure for good pass unchanged.
 */
function backOffSinceProgress(err: unknown, info: Info, lastProgressAttempt: number): unknown {
  if (!(err instanceof ApplicationFailure) || err.nonRetryable || err.nextRetryDelay !== undefined)
    return err;
  const policy = info.retryPolicy;
  const initialMs = msOptionalToNumber(policy?.initialInterval) ?? 1_000;
  const maximumMs = msOptionalToNumber(policy?.maximumInterval) ?? 100 * initialMs;
  const failedSince = Math.max(0, info.attempt - lastProgressAttempt - 1);
  const delayMs = Math.min(maximumMs, initialMs * (policy?.backoffCoefficient ?? 2) ** failedSince);
  return ApplicationFailure.create({
    message: err.message,
    type: err.type ?? undefined,
    details: err.details as unknown[] | undefined,
    cause: err.cause,
    nonRetryable: false,
    nextRetryDelay: delayMs,
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
  const previous = context?.info.heartbeatDetails as
    { reads?: Partial<Reads>; progressAttempt?: number } | undefined;
  const done: Partial<Reads> = Object.assign({}, previous?.reads);
  let progressAttempt = previous?.progressAttempt ?? 0;
  return async function read<K extends keyof Reads & string>(
    key: K,
    call: () => Promise<Reads[K]>,
  ): Promise<Reads[K]> {
    if (key in done) return done[key] as Reads[K];
    let value: Reads[K];
    try {
      value = await call();
    } catch (err) {
      throw context?.info.heartbeatTimeoutMs ? backOffSinceProgress(err, context.info, progressAttempt) : err;
    }
    done[key] = value;
    // An activity without a heartbeat timeout must not heartbeat: its reads last one attempt.
    if (context?.info.heartbeatTimeoutMs) {
      progressAttempt = context.info.attempt;
      const details = { reads: done, progressAttempt };
      const kept = checkpoints.get(context);
      if (kept) kept.details = details;
      context.heartbeat(details);
    }
    return value;
  };
}
