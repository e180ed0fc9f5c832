import {
  backoffDelayMs,
  checkTemporalReadiness,
  untilConnected,
  type TemporalServices,
} from '../../client/temporal/readiness';
import { startWorkerHealthServer } from '../../workers/health';

/** A Temporal whose answers the test sets: the namespace call, then the search attributes. */
function fakeTemporal(answers: {
  namespace: () => Promise<unknown>;
  attributes: () => Promise<Record<string, number>>;
}): TemporalServices {
  return {
    withDeadline: (_deadline, fn) => fn(),
    workflowService: { describeNamespace: (async () => answers.namespace()) as never },
    operatorService: {
      listSearchAttributes: (async () => ({ customAttributes: await answers.attributes() })) as never,
    },
  };
}

const allAttributes = {
  TicketId: 2,
  PartnerProgram: 2,
  SupportLevel: 2,
  SlaState: 2,
  RequesterEmail: 2,
  Starred: 4,
};
const where = { address: '127.0.0.1:7233', namespace: 'partner-support' };

describe('Temporal readiness', () => {
  test('ready when the namespace and every ticket search attribute exist', async () => {
    const temporal = fakeTemporal({ namespace: async () => ({}), attributes: async () => allAttributes });
    expect(await checkTemporalReadiness(temporal, where)).toEqual({ ready: true });
  });

  test('unreachable: the address and the cause', async () => {
    const temporal = fakeTemporal({
      namespace: () =>
        Promise.reject(Object.assign(new Error('14 UNAVAILABLE: connect ECONNREFUSED'), { code: 14 })),
      attributes: async () => allAttributes,
    });
    expect(await checkTemporalReadiness(temporal, where)).toEqual({
      ready: false,
      reason: 'Temporal at 127.0.0.1:7233 is unreachable: 14 UNAVAILABLE: connect ECONNREFUSED',
    });
  });

  test('a namespace not created yet, then search attributes not registered yet', async () => {
    const noNamespace = fakeTemporal({
      namespace: () => Promise.reject(Object.assign(new Error('5 NOT_FOUND'), { code: 5 })),
      attributes: async () => allAttributes,
    });
    expect(await checkTemporalReadiness(noNamespace, where)).toEqual({
      ready: false,
      reason: 'namespace "partner-support" does not exist yet',
    });
    const { Starred: _starred, SlaState: _sla, ...some } = allAttributes;
    const noAttributes = fakeTemporal({ namespace: async () => ({}), attributes: async () => some });
    expect(await checkTemporalReadiness(noAttributes, where)).toEqual({
      ready: false,
      reason: 'search attributes not registered in namespace "partner-support" yet: SlaState, Starred',
    });
  });
});

describe('bounded exponential backoff', () => {
  test('doubles from 0.5 s up to the cap, jitter only shortens', () => {
    const none = { random: () => 0 };
    expect([1, 2, 3, 4, 5, 6, 7, 12].map((attempt) => backoffDelayMs(attempt, none))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000,
    ]);
    expect(backoffDelayMs(3, { random: () => 1 })).toBe(1_600);
  });

  test('untilConnected retries until the attempt succeeds, reporting each reason', async () => {
    const reasons: string[] = [];
    let calls = 0;
    const result = await untilConnected(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error(`refused ${calls}`);
        return 'connected';
      },
      { maxMs: 1, onWaiting: (reason) => reasons.push(reason) },
    );
    expect(result).toBe('connected');
    expect(reasons).toEqual(['refused 1', 'refused 2']);
  });

  test('untilConnected gives up quietly when aborted', async () => {
    const stop = new AbortController();
    const result = await untilConnected(
      async () => {
        stop.abort();
        throw new Error('refused');
      },
      { signal: stop.signal, onWaiting: () => undefined },
    );
    expect(result).toBeUndefined();
  });
});

describe('worker health while it waits for Temporal', () => {
  test('alive (healthz 200) but not ready (readyz 503 with the reason); both 200 once it polls', async () => {
    let state: 'CONNECTING' | 'RUNNING' = 'CONNECTING';
    const health = await startWorkerHealthServer({
      port: 0,
      host: '127.0.0.1',
      state: () => state,
      notReadyReason: () => 'Temporal at 127.0.0.1:7233 is unreachable: refused',
    });
    const url = `http://127.0.0.1:${health.port}`;
    try {
      const waiting = {
        status: 'starting',
        worker: 'CONNECTING',
        reason: 'Temporal at 127.0.0.1:7233 is unreachable: refused',
      };
      const live = await fetch(`${url}/healthz`);
      expect([live.status, await live.json()]).toEqual([200, waiting]);
      const ready = await fetch(`${url}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([503, waiting]);
      state = 'RUNNING';
      for (const path of ['/healthz', '/readyz']) {
        const answer = await fetch(`${url}${path}`);
        expect([answer.status, await answer.json()]).toEqual([200, { status: 'ok', worker: 'RUNNING' }]);
      }
    } finally {
      await health.close();
    }
  });
});
