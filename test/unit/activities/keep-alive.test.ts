import { MockActivityEnvironment } from '@temporalio/testing';
import { keptAlive } from '../../../activities/keep-alive';

/** A call that lasts until the test lets it end: resolved by the first heartbeat (or never). */
function callUntilReleased() {
  let release: (value: string) => void = () => undefined;
  const done = new Promise<string>((resolve) => {
    release = resolve;
  });
  return { call: keptAlive(async (ticketId: number) => `tagged ${ticketId}: ${await done}`), release };
}

describe('keptAlive: the ticket reads and writes heartbeat while they run', () => {
  test('scheduled with a heartbeat timeout, a call heartbeats (no details) until it ends, and returns its result', async () => {
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
