import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { loadConfig } from '../../config';
import { ensurePartnerReconcileScheduleAtStart } from '../../workers/partner-reconcile-schedule';

/** A client whose Schedule service answers `create` as given (only what ensureReconcileSchedule calls). */
const fakeClient = (create: () => Promise<void>) => {
  const created: unknown[] = [];
  const client = {
    schedule: {
      create: async (options: unknown) => {
        created.push(options);
        await create();
      },
      getHandle: () => ({ describe: async () => ({}) }),
    },
  } as unknown as Client;
  return { client, created };
};
const logs = () => {
  const lines: string[] = [];
  return {
    lines,
    log: (line: string) => lines.push(line),
    error: (line: string) => lines.push(`ERROR ${line}`),
  };
};

describe('worker start: the Schedule partner-accounts-reconcile (A1)', () => {
  test('created every PARTNER_RECONCILE_EVERY on the worker task queue', async () => {
    const { client, created } = fakeClient(async () => undefined);
    const out = logs();
    await ensurePartnerReconcileScheduleAtStart(
      client,
      loadConfig({ PARTNER_RECONCILE_EVERY: '2 hours' }),
      out,
    );
    expect(created).toEqual([
      expect.objectContaining({
        scheduleId: 'partner-accounts-reconcile',
        spec: { intervals: [{ every: '2 hours' }] },
        action: expect.objectContaining({
          workflowType: 'partnerAccountsReconcile',
          taskQueue: 'partner-support',
        }),
        policies: { overlap: 'SKIP' },
      }),
    ]);
    expect(out.lines).toEqual(['worker: Schedule partner-accounts-reconcile created, every 2 hours']);
  });

  test('an existing one is left as it is', async () => {
    const { client } = fakeClient(async () => {
      throw new ScheduleAlreadyRunning('exists', 'partner-accounts-reconcile');
    });
    const out = logs();
    await ensurePartnerReconcileScheduleAtStart(client, loadConfig({}), out);
    expect(out.lines).toEqual(['worker: Schedule partner-accounts-reconcile exists (left as it is)']);
  });

  test('off: none; a failure is logged, never stops the worker', async () => {
    const off = fakeClient(async () => undefined);
    await ensurePartnerReconcileScheduleAtStart(
      off.client,
      loadConfig({ PARTNER_RECONCILE_EVERY: 'off' }),
      logs(),
    );
    expect(off.created).toEqual([]);
    const failing = fakeClient(async () => {
      throw new Error('unavailable');
    });
    const out = logs();
    await expect(
      ensurePartnerReconcileScheduleAtStart(failing.client, loadConfig({}), out),
    ).resolves.toBeUndefined();
    expect(out.lines).toEqual(['ERROR worker: could not create the Schedule partner-accounts-reconcile']);
  });
});
