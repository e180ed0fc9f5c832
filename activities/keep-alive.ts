import { Context } from '@temporalio/activity';

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

/**
 * Heartbeats while a short call to Zendesk or Salesforce runs. Scheduled with a heartbeat
 * timeout of seconds, an attempt on a worker that died (SIGKILL, a lost node) is retried once
 * that timeout passes, not after its start-to-close timeout of a minute: a ticket's writes and
 * reads resume within seconds of a crash. A call that ends before the first beat sends none.
 * Only for activities that keep no heartbeat details of their own: the beats carry none.
 */
export function keptAlive<F extends Activity>(activity: F): F {
  const wrapped = async (...args: Parameters<F>) => {
    const context = activityContext();
    const timeoutMs = context?.info.heartbeatTimeoutMs;
    if (!context || !timeoutMs) return activity(...args);
    const beats = setInterval(() => context.heartbeat(), Math.max(500, timeoutMs * BEAT_FRACTION));
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
