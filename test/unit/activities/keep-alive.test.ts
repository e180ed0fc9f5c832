import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { allKeptAlive, keptAlive, resumableReads } from '../../../activities/keep-alive';

/** A call that lasts until the test lets it end: resolved by the first heartbeat (or never). */
function callUntilReleased() {
  let release: (value: string) => void = () => undefined;
  const done = new Promise<string>((resolve) => {
    release = resolve;
  });
  return { call: keptAlive(async (ticketId: number) => `tagged ${ticketId}: ${await done}`), release };
}

describe('keptAlive: the ticket reads and writes heartbeat while they run', () => {
  test('scheduled with a heartbeat timeout, a call heartbeats until it ends, and returns its result', async () => {
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 2_000 });
    const { call, release } = callUntilReleased();
    const beats: unknown[] = [];
    // The call ends only once a beat arrived: without the keep-alive the test times out.
    env.on('heartbeat', (details: unknown) => {
      beats.push(details);
      release('done');
    });
    await expect(env.run(call, 123456)).resolves.toBe('tagged 123456: done');
    expect(beats.length).toBeGreaterThanOrEqual(1);
    expect(beats.every((details) => details === undefined)).toBe(true);
    // No beat after the end: the timer is cleared.
    const after = beats.length;
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(beats).toHaveLength(after);
  });

  test("a beat carries the previous attempt's details: the keep-alive never erases a checkpoint", async () => {
    const checkpoint = { reads: { ticket: { id: 123456 } } };
    const env = new MockActivityEnvironment({
      heartbeatTimeoutMs: 2_000,
      attempt: 2,
      heartbeatDetails: checkpoint,
    });
    const { call, release } = callUntilReleased();
    const beats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => {
      beats.push(details);
      release('done');
    });
    await env.run(call, 123456);
    expect(beats[0]).toEqual(checkpoint);
  });

  test('allKeptAlive keeps every activity of a set alive but those that heartbeat their own progress', async () => {
    const read = callUntilReleased();
    const copy = callUntilReleased();
    const set = allKeptAlive({ read: read.call, copy: copy.call }, 'copy');
    expect(set.copy).toBe(copy.call);
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 2_000 });
    const beats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => {
      beats.push(details);
      read.release('read');
    });
    await expect(env.run(set.read, 1)).resolves.toBe('tagged 1: read');
    expect(beats.length).toBeGreaterThanOrEqual(1);
  });

  test('without a heartbeat timeout, or outside a worker, it is the plain call', async () => {
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: undefined });
    const beats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => beats.push(details));
    const plain = keptAlive(async (ticketId: number) => `tagged ${ticketId}`);
    await expect(env.run(plain, 1)).resolves.toBe('tagged 1');
    await expect(plain(2)).resolves.toBe('tagged 2');
    expect(beats).toEqual([]);
  });

  test('a failure passes through unchanged and stops the beats', async () => {
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 2_000 });
    const refused = new Error('Zendesk refused the write (422)');
    const failing = keptAlive(async () => {
      throw refused;
    });
    await expect(env.run(failing)).rejects.toBe(refused);
  });
});

describe('resumableReads: a retry resumes after the last read that succeeded', () => {
  type Reads = { ticket: { id: number; subject: string }; requester: { email: string } | null };
  const gather = (calls: string[], requesterFails: boolean) =>
    keptAlive(async () => {
      const read = resumableReads<Reads>();
      const ticket = await read('ticket', async () => {
        calls.push('ticket');
        return { id: 123456, subject: 'Runners offline' };
      });
      const requester = await read('requester', async () => {
        calls.push('requester');
        if (requesterFails) throw new Error('Zendesk GET /users/2003.json: HTTP 503');
        return null;
      });
      return { ticket, requester };
    });

  test('each read is checkpointed as it succeeds; a failed read leaves the earlier ones in the heartbeat', async () => {
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 10_000 });
    const beats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => beats.push(details));
    const calls: string[] = [];
    await expect(env.run(gather(calls, true))).rejects.toThrow('HTTP 503');
    expect(calls).toEqual(['ticket', 'requester']);
    expect(beats.at(-1)).toEqual({
      reads: { ticket: { id: 123456, subject: 'Runners offline' } },
      progressAttempt: 1,
    });
  });

  test("the next attempt takes the previous attempt's reads (a null too) and reads only what is missing", async () => {
    const calls: string[] = [];
    const retry = new MockActivityEnvironment({
      heartbeatTimeoutMs: 10_000,
      attempt: 2,
      heartbeatDetails: { reads: { ticket: { id: 123456, subject: 'Runners offline' } } },
    });
    await expect(retry.run(gather(calls, false))).resolves.toEqual({
      ticket: { id: 123456, subject: 'Runners offline' },
      requester: null,
    });
    expect(calls).toEqual(['requester']);
    const third = new MockActivityEnvironment({
      heartbeatTimeoutMs: 10_000,
      attempt: 3,
      heartbeatDetails: { reads: { ticket: { id: 1, subject: 'x' }, requester: null } },
    });
    const none: string[] = [];
    await expect(third.run(gather(none, true))).resolves.toEqual({
      ticket: { id: 1, subject: 'x' },
      requester: null,
    });
    expect(none).toEqual([]);
  });

  test('the back-off counts from the last attempt that read something, not from the first attempt', async () => {
    const retryPolicy = { initialInterval: 2_000, backoffCoefficient: 2, maximumInterval: 60_000 };
    const unavailable = () =>
      ApplicationFailure.retryable('Zendesk users.show failed with HTTP 503', 'ServiceUnavailable');
    const twoReads = (second: () => Promise<string>) =>
      keptAlive(async () => {
        const read = resumableReads<{ first: string; second: string }>();
        await read('first', async () => 'ticket');
        return read('second', second);
      });
    const delayOf = async (attempt: number, heartbeatDetails?: unknown): Promise<unknown> => {
      const env = new MockActivityEnvironment({
        heartbeatTimeoutMs: 10_000,
        attempt,
        heartbeatDetails,
        retryPolicy,
      });
      const failure: unknown = await env
        .run(twoReads(() => Promise.reject(unavailable())))
        .catch((e: unknown) => e);
      expect(failure).toMatchObject({ type: 'ServiceUnavailable', nonRetryable: false });
      return (failure as ApplicationFailure).nextRetryDelay;
    };
    // A read succeeded in this attempt (the 9th): the first interval again.
    expect(await delayOf(9)).toBe(2_000);
    // None in this attempt: doubling from the attempt that last read something (the 4th)...
    const fromFourth = { reads: { first: 'ticket' }, progressAttempt: 4 };
    expect(await delayOf(5, fromFourth)).toBe(2_000);
    expect(await delayOf(7, fromFourth)).toBe(8_000);
    // ...up to the policy's maximum; never any progress: the policy's own back-off.
    expect(await delayOf(12, fromFourth)).toBe(60_000);
    expect(await delayOf(3, { reads: { first: 'ticket' } })).toBe(8_000);

    // Retry-After (the system said when) and failures for good pass unchanged.
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 10_000, retryPolicy });
    const rateLimited = ApplicationFailure.create({
      message: 'HTTP 429',
      type: 'RateLimited',
      nextRetryDelay: '30s',
    });
    await expect(env.run(twoReads(() => Promise.reject(rateLimited)))).rejects.toBe(rateLimited);
    const refused = ApplicationFailure.nonRetryable('HTTP 422', 'InvalidRequest');
    await expect(env.run(twoReads(() => Promise.reject(refused)))).rejects.toBe(refused);
  });

  test('without a heartbeat timeout nothing is heartbeated (the SDK forbids it): every attempt reads afresh', async () => {
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: undefined, heartbeatDetails: undefined });
    const beats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => beats.push(details));
    const calls: string[] = [];
    await expect(env.run(gather(calls, false))).resolves.toMatchObject({ requester: null });
    expect(calls).toEqual(['ticket', 'requester']);
    expect(beats).toEqual([]);
  });
});
