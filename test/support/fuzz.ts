import type { Parameters as FcParameters } from 'fast-check';

/**
 * fast-check settings for the fuzz tests: a fixed seed and a modest number of runs in CI, so that
 * every run tries the same inputs and a failure is reproducible. More cases, or another seed:
 *
 *   FUZZ_RUNS=2000 FUZZ_SEED=$RANDOM npx jest test/integration/fuzz-server.test.ts
 *
 * A failing property prints its seed and path; FUZZ_SEED (and FUZZ_PATH) replay it.
 */
export const DEFAULT_FUZZ_SEED = 20261130;

function positiveInteger(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || (name === 'FUZZ_RUNS' && value < 1)) {
    throw new Error(
      `${name} must be a whole number${name === 'FUZZ_RUNS' ? ' of at least 1' : ''}, got ${raw}`,
    );
  }
  return value;
}

/** The runs and seed of one property: `defaultRuns` unless FUZZ_RUNS says otherwise. */
export function fuzzParameters<T>(
  defaultRuns: number,
  env: NodeJS.ProcessEnv = process.env,
): FcParameters<T> {
  return {
    numRuns: positiveInteger('FUZZ_RUNS', env.FUZZ_RUNS) ?? defaultRuns,
    seed: positiveInteger('FUZZ_SEED', env.FUZZ_SEED) ?? DEFAULT_FUZZ_SEED,
    ...(env.FUZZ_PATH ? { path: env.FUZZ_PATH } : {}),
    // The failing input is printed in full: bodies are what a reader needs to reproduce it.
    verbose: 1,
  };
}
