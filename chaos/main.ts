import path from 'node:path';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { fullRun, reducedRun } from './presets';
import { chaosTable, runChaos } from './run-chaos';

/**
 * `npm run chaos` (`make chaos`): the full chaos run of issue 16, 200 lifecycles in about ten
 * minutes; `--lifecycles`, `--seed`, `--no-faults` (the same script on a quiet stack).
 * Prints the table of faults injected and effects counted; exits 1 on any difference.
 */
async function main(): Promise<number> {
  // The replay of every history logs each replay worker's start and stop otherwise.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const { values } = parseArgs({
    options: {
      lifecycles: { type: 'string', default: '200' },
      /** 16 for the full run, 30 for the reduced one. */
      seed: { type: 'string' },
      'no-faults': { type: 'boolean', default: false },
      'spacing-ms': { type: 'string' },
      /** The reduced run, the last step of `make test` (with `--seed`: its script and storm on another seed). */
      reduced: { type: 'boolean', default: false },
    },
  });
  const lifecycles = Number(values.lifecycles);
  const seed = Number(values.seed ?? (values.reduced ? reducedRun.seed : 16));
  if (!Number.isInteger(lifecycles) || lifecycles < 1 || !Number.isInteger(seed)) {
    console.error('chaos: --lifecycles and --seed take whole numbers');
    return 2;
  }
  const preset = values.reduced ? { ...reducedRun, seed } : fullRun(lifecycles, seed);
  const report = await runChaos({
    ...preset,
    ...(values['spacing-ms'] ? { spacingMs: Number(values['spacing-ms']) } : {}),
    faults: !values['no-faults'],
    // Its own build: a test elsewhere rebuilding dist/ must not pull files from under the workers.
    build: 'own',
    // For the post-mortem of a run that differs (git-ignored).
    keepHistoriesIn: path.resolve(
      '.tools',
      'chaos-histories',
      new Date().toISOString().replace(/[:.]/g, '-'),
    ),
    log: (line) => console.log(line),
  });
  // What the processes printed comes first: CI shows a failing run's last lines, the verdict.
  if (report.differences.length > 0)
    console.log(`chaos: what the processes printed last:\n${report.processOutput}\n`);
  console.log(chaosTable(report));
  console.log(`\nchaos: ${Math.round(report.durationMs / 1000)} s`);
  if (report.differences.length > 0) {
    console.log(`\nchaos: ${report.differences.length} differences:`);
    for (const difference of report.differences) console.log(`  ${difference}`);
    return 1;
  }
  console.log('chaos: every ticket as expected, no workflow task failed, every history replays');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('chaos: failed', err);
    process.exit(1);
  },
);
