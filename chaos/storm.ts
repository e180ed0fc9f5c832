import type { FaultRule } from '../simulators/common/faults';
import type { SimulatorApp } from '../simulators/common/http-app';
import { between, seededRandom } from './random';
import type { ChaosStack, RestartableProcess } from './stack';

export interface StormSettings {
  seed: number;
  /** Each worker is killed (SIGKILL) every this many ms, give or take (and restarted). */
  workerKillEveryMs: [number, number];
  /** The webhook server is restarted every this many ms (SIGTERM or SIGKILL, alternately). */
  serverRestartEveryMs: number;
  /** When (from the storm's start) Temporal is stopped and started again on its database. */
  temporalRestartAtMs: number[];
}

/** What was injected, for the run's table. */
export interface StormCounts {
  workerKills: number;
  serverRestarts: number;
  temporalRestarts: number;
  temporalDownMs: number;
  /** From a worker's restart until it polled again, each time. */
  workerReadyMs: number[];
}

/** The simulators' fault storm (issue 16): rates per call, on every route of each API. */
export const stormFaults: Record<'zendesk' | 'salesforce' | 'slack', Array<FaultRule & { label: string }>> = {
  zendesk: [
    { label: 'Zendesk 429 + Retry-After', status: 429, retryAfter: 1, rate: 0.15 },
    // 15 % of all calls: of the 85 % left after the 429s.
    { label: 'Zendesk 503', status: 503, rate: 0.15 / 0.85 },
    { label: 'Zendesk +250 ms', latencyMs: 250, rate: 0.3 },
  ],
  salesforce: [
    // On the REST API only: the session expired (the client gets a new token and repeats the call).
    { label: 'Salesforce 401 INVALID_SESSION_ID', route: '~^/services/data/', status: 401, rate: 0.1 },
    { label: 'Salesforce +250 ms', latencyMs: 250, rate: 0.3 },
  ],
  slack: [
    { label: 'Slack 500', status: 500, rate: 0.2 },
    { label: 'Slack +150 ms', latencyMs: 150, rate: 0.3 },
  ],
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Turns the storm on: fault rules in the three simulators, webhooks delivered 1–3 times in random
 * order, workers killed and restarted, the server restarted, Temporal restarted at the set times.
 * `stop()` ends it and brings every process back; the returned counts say what happened.
 */
export function startStorm(stack: ChaosStack, settings: StormSettings) {
  const random = seededRandom(settings.seed + 1);
  const counts: StormCounts = {
    workerKills: 0,
    serverRestarts: 0,
    temporalRestarts: 0,
    temporalDownMs: 0,
    workerReadyMs: [],
  };
  const apps: Record<keyof typeof stormFaults, SimulatorApp> = {
    zendesk: stack.world.zendesk.app,
    salesforce: stack.world.salesforce.app,
    slack: stack.world.slack.app,
  };
  const ruleIds = new Map<string, { app: SimulatorApp; id: number }>();
  for (const [api, rules] of Object.entries(stormFaults) as Array<
    [keyof typeof stormFaults, typeof stormFaults.zendesk]
  >) {
    for (const { label, ...rule } of rules) {
      const active = apps[api].faults.add(rule);
      ruleIds.set(label, { app: apps[api], id: active.id });
    }
  }
  for (const app of Object.values(apps)) app.faults.random = seededRandom(settings.seed + 2);
  setDelivery(stack, { storm: true, random: seededRandom(settings.seed + 3) });

  let stopping = false;
  const loops: Promise<void>[] = [];
  const bounce = async (process: RestartableProcess, signal: 'SIGKILL' | 'SIGTERM', downMs: number) => {
    await process.kill(signal);
    await sleep(downMs);
    process.start();
  };
  // A worker is killed a few seconds after it polls again: a kill while it is still starting
  // would only stretch the outage, not add a fault.
  const untilReady = async (process: RestartableProcess): Promise<void> => {
    const since = Date.now();
    while (!stopping && !(await process.ready())) await sleep(250);
    counts.workerReadyMs.push(Date.now() - since);
  };
  for (const worker of stack.workers) {
    loops.push(
      (async () => {
        while (!stopping) {
          await untilReady(worker);
          await sleep(between(random, ...settings.workerKillEveryMs));
          if (stopping) break;
          counts.workerKills += 1;
          await bounce(worker, 'SIGKILL', between(random, 300, 1_500));
        }
      })(),
    );
  }
  loops.push(
    (async () => {
      while (!stopping) {
        await sleep(settings.serverRestartEveryMs);
        if (stopping) break;
        counts.serverRestarts += 1;
        await bounce(stack.server, counts.serverRestarts % 2 === 0 ? 'SIGKILL' : 'SIGTERM', 500);
      }
    })(),
  );
  const stormStart = Date.now();
  for (const at of settings.temporalRestartAtMs) {
    loops.push(
      (async () => {
        await sleep(Math.max(0, at - (Date.now() - stormStart)));
        if (stopping) return;
        const down = Date.now();
        await stack.temporal.stop('SIGTERM');
        await sleep(2_000);
        await stack.temporal.start();
        counts.temporalRestarts += 1;
        counts.temporalDownMs += Date.now() - down;
      })(),
    );
  }

  return {
    counts,
    /** Injected faults so far, by label (each rule's hits). */
    faultHits(): Record<string, number> {
      const hits: Record<string, number> = {};
      for (const [label, { app, id }] of ruleIds)
        hits[label] = app.faults.active().find((r) => r.id === id)?.hits ?? 0;
      return hits;
    },
    async stop(): Promise<Record<string, number>> {
      stopping = true;
      await Promise.all(loops);
      const hits = this.faultHits();
      for (const app of Object.values(apps)) app.faults.clear();
      setDelivery(stack, { storm: false });
      for (const process of [...stack.workers, stack.server]) if (!process.alive()) process.start();
      return hits;
    },
  };
}

/**
 * Zendesk's webhook delivery: retried with back-off while the server is down or restarting (as
 * Zendesk retries), and in the storm each event 1–3 times, held and sent in random order, and 3 %
 * of events never sent (Zendesk gave up on them): the Zendesk reconciliation must bring those.
 */
export function setDelivery(
  stack: ChaosStack,
  { storm, random }: { storm: boolean; random?: () => number },
): void {
  stack.world.zendesk.setWebhook({
    url: `${stack.serverUrl}/webhooks/zendesk`,
    secret: stack.world.config.zendesk.webhookSecret,
    maxAttempts: 40,
    retryDelayMs: 250,
    maxRetryDelayMs: 4_000,
    ...(storm ? { maxCopies: 3, outOfOrder: true, shuffle: true, holdMs: 400, lossRate: 0.03, random } : {}),
  });
}
