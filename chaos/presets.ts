import type { ChaosOptions } from './run-chaos';

type Preset = Omit<ChaosOptions, 'log' | 'build'>;

/** `make test`'s reduced run: 30 lifecycles, a few kills, one Temporal restart (about 5 minutes). */
export const reducedRun: Preset = {
  seed: 30,
  lifecycles: 30,
  spacingMs: 1_500,
  stepGapMs: 2_500,
  // A minute and a half: the run fits five minutes (its Emergency tickets breach a minute in).
  closeAfterMs: 90_000,
  provisioningRequests: 4,
  faults: true,
  storm: { workerKillEveryMs: [15_000, 30_000], serverRestartEveryMs: 40_000, temporalRestartAtMs: [30_000] },
  // Settled within seconds once the storm stops (heartbeat timeouts, back-off capped at a minute).
  drainTimeoutMs: 240_000,
};

/** `make chaos`: 200 lifecycles started over about 5 minutes, the storm as long as the script. */
export function fullRun(lifecycles = 200, seed = 16): Preset {
  const spacingMs = Math.max(500, Math.round(300_000 / lifecycles));
  return {
    seed,
    lifecycles,
    spacingMs,
    stepGapMs: 3_000,
    // Seven times the tickets, each worker killed every few seconds: a write failing a dozen times
    // in a row (once in the last five runs) waits minutes out at its back-off's one-minute cap.
    closeAfterMs: 300_000,
    provisioningRequests: 20,
    faults: true,
    storm: {
      workerKillEveryMs: [3_000, 9_000],
      serverRestartEveryMs: 25_000,
      temporalRestartAtMs: [Math.round((lifecycles * spacingMs) / 2)],
    },
    drainTimeoutMs: 180_000,
  };
}
