import { DefaultLogger, Runtime } from '@temporalio/worker';
import { reducedRun } from '../../chaos/presets';
import { chaosTable, runChaos } from '../../chaos/run-chaos';
import { closeChaosStacks } from '../../chaos/stack';
import { ensureBuilt } from '../support/compiled-build';

/**
 * The reduced chaos run of `make test` (the full one is `make chaos`): 30 ticket lifecycles played
 * through the Zendesk simulator and the Slack form while both workers are SIGKILLed every few
 * seconds, the webhook server restarts, Temporal restarts once on its file database, the
 * simulators fail 10–30 % of calls and every webhook arrives 1–3 times in random order. Once the
 * storm is over and the service has drained, every ticket must be exactly as its lifecycle
 * expects, no workflow task may have failed, and every history must replay.
 */
describe('chaos run (reduced)', () => {
  beforeAll(async () => {
    // The compiled service the processes run (shared with the other compiled tests; built once).
    await ensureBuilt();
    try {
      // The replay of every history logs each replay worker's start and stop otherwise.
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // Installed already by an earlier test in this jest worker.
    }
  }, 300_000);

  // A run that overstays its time must not leave Temporal, workers and a server behind.
  afterAll(() => closeChaosStacks());

  test('30 lifecycles through worker kills, a Temporal restart and fault storms: no difference', async () => {
    const lines: string[] = [];
    const report = await runChaos({ ...reducedRun, build: 'dist', log: (line) => lines.push(line) });
    const table = chaosTable(report);
    // The storm happened: what the run's table counts as injected.
    const injected = Object.fromEntries(report.injected);
    expect({ kills: Number(injected['worker SIGKILLs (and restarts)']) > 0, table }).toEqual({
      kills: true,
      table,
    });
    expect(String(injected['Temporal restarts (total s down)'])).toMatch(/^1 /);
    expect(Number(injected['  of which redeliveries'])).toBeGreaterThan(0);
    // And changed nothing: every difference listed, with the run's log and table.
    expect({ differences: report.differences, log: lines, table }).toEqual({
      differences: [],
      log: lines,
      table,
    });
  }, 300_000);
});
