import { ApplicationFailure, CancelledFailure, TypedSearchAttributes } from '@temporalio/common';
import type { ActivityExecuteInput } from '@temporalio/worker';
import { loadConfig } from '../../config';
import { planIntake, triageNote, type IntakeFacts } from '../../domain/intake';
import { startClock } from '../../domain/sla/clock';
import { currentPolicy, loadSlaPolicyCatalog } from '../../domain/sla/policy-catalog';
import type { Impact } from '../../domain/sla/policy';
import { httpFailure, networkFailure } from '../../activities/errors';
import { slaEventActions } from '../../workflows/partner-ticket/messages';
import { initialState } from '../../workflows/partner-ticket/ticket-state';
import {
  ActivityMetricsInterceptor,
  failureLabels,
  integrationOf,
} from '../../workers/metrics/activity-interceptor';
import { createWorkerMetrics, type WorkerMetrics } from '../../workers/metrics/business-metrics';
import { programOfScheduler, type SchedulerContext } from '../../workers/metrics/ticket-program';
import { PartnerProgramAttribute } from '../../domain/search-attributes';
import { businessEventOf } from '../../workers/metrics/ticket-writes';

const contract = loadConfig({}).zendesk;
const globex = {
  id: '001000000000003AAA',
  name: 'Globex Cloud',
  type: 'Partner',
  partnerProgram: 'Alliance' as const,
  supportLevel: 'Priority',
  nfrSupportLevel: 'Standard',
  s3Bucket: null,
  s3Prefix: null,
  owner: { id: '005000000000001AAA', name: 'Olivia Owner', email: 'olivia.owner@gitlab.example' },
};

/** An Alliance partner's ticket, as gatherIntakeFacts returns it. */
const allianceFacts = (impact: Impact | null, customer = false): IntakeFacts => ({
  ticket: {
    id: 500,
    formId: contract.forms.alliance,
    groupId: contract.groups.alliance,
    organizationId: 1003,
    createdAt: '2026-11-23T09:00:00Z',
    impact,
    partnerSituation: null,
    nfrSoftware: false,
  },
  requester: { id: 2003, email: 'carol@globex.example', name: 'Carol', createdAt: '2026-01-01T00:00:00Z' },
  organization: {
    id: 1003,
    name: 'Globex Cloud',
    externalId: globex.id,
    partnerProgram: customer ? null : 'alliance',
    notes: '',
  },
  organizationAccount: customer ? { ...globex, type: 'Customer', partnerProgram: null } : globex,
  contact: { contactId: '003000000000003AAA', accountId: globex.id, portalUser: true },
  contactAccount: customer ? { ...globex, type: 'Customer', partnerProgram: null } : globex,
});

const triageBody = (facts: IntakeFacts): string => triageNote(planIntake(facts, contract).decisions);

/** The SLA note the workflow writes for a warning or breach (workflows/partner-ticket/messages.ts). */
function slaNote(event: 'warning' | 'breach', impact: Impact, kind: 'first_reply' | 'next_reply') {
  const policy = currentPolicy(loadSlaPolicyCatalog());
  const target = policy.targets.priority[kind][impact];
  const at = Date.parse('2026-11-23T09:00:00Z');
  const clock = startClock(
    {
      kind,
      targetMs: target.targetMs,
      calendar: policy.calendars[target.calendar],
      warningAtFraction: policy.warningAtFraction,
    },
    at,
  );
  const state = {
    ...initialState(500),
    supportLevel: 'priority' as const,
    impact,
    subject: 'Runners offline',
  };
  const action = slaEventActions(state, clock, { type: event, at: at + target.targetMs });
  return { idempotencyKey: action.key, body: action.note };
}

describe('business events, read from the notes the workflow writes', () => {
  test('the first triage note is a ticket started, with its program, level and impact', () => {
    const note = {
      ticketId: 500,
      idempotencyKey: 'triage-500',
      body: triageBody(allianceFacts('emergency')),
    };
    expect(businessEventOf('addInternalNote', note)).toEqual({
      metric: 'ticketStarted',
      labels: { program: 'alliance', level: 'priority', impact: 'emergency' },
    });
  });

  test("an impact not set is counted as the workflow's assumed medium; a customer's ticket as customer", () => {
    const unset = { idempotencyKey: 'triage-501', body: triageBody(allianceFacts(null)) };
    expect(businessEventOf('addInternalNote', unset)).toMatchObject({ labels: { impact: 'medium' } });
    const customer = { idempotencyKey: 'triage-502', body: triageBody(allianceFacts('low', true)) };
    expect(businessEventOf('addInternalNote', customer)).toMatchObject({ labels: { program: 'customer' } });
  });

  test('a re-classification note (triage-<id>-<n>) is not another ticket', () => {
    const note = { idempotencyKey: 'triage-500-7', body: triageBody(allianceFacts('low')) };
    expect(businessEventOf('addInternalNote', note)).toBeUndefined();
  });

  test.each([
    ['warning', 'emergency', 'first_reply'],
    ['breach', 'highly_degraded', 'next_reply'],
  ] as const)('an SLA %s note: clock, level and impact', (event, impact, clock) => {
    expect(businessEventOf('addInternalNote', slaNote(event, impact, clock))).toEqual({
      metric: 'slaEvent',
      labels: { event, clock, level: 'priority', impact },
    });
  });

  test('STAR notes by transition; other notes, comments and alerts count nothing', () => {
    for (const event of ['raised', 'acknowledged', 'lapsed', 'unstarred', 'coalesced']) {
      const note = { idempotencyKey: `star-${event}-1764500000000-0`, body: 'STAR …' };
      expect(businessEventOf('addInternalNote', note)).toEqual({ metric: 'starEvent', labels: { event } });
    }
    expect(businessEventOf('addInternalNote', { idempotencyKey: 'a3-notes-500', body: '' })).toBeUndefined();
    // The alert carries the same key as the note: counting both would count every event twice.
    const alert = { idempotencyKey: 'star-raised-1764500000000-0', text: ':star: …' };
    expect(businessEventOf('sendSupportAlert', alert)).toBeUndefined();
    expect(businessEventOf('addInternalNote', 500)).toBeUndefined();
  });

  test('an unrecognised text keeps its labels bounded: unknown, not a new value', () => {
    const note = { idempotencyKey: 'sla-breach-first_reply-1', body: 'SLA breach, reworded' };
    expect(businessEventOf('addInternalNote', note)).toMatchObject({
      labels: { level: 'unknown', impact: 'unknown' },
    });
  });
});

describe('activity failures, by system and type', () => {
  test('the system is the one the failure names', () => {
    expect(integrationOf('Zendesk addTicketComment failed with HTTP 503')).toBe('zendesk');
    expect(integrationOf('Salesforce query failed: network error (ECONNRESET)')).toBe('salesforce');
    expect(integrationOf('Slack postMessage failed with HTTP 404')).toBe('slack');
    expect(integrationOf('Cannot read properties of undefined')).toBe('other');
  });

  test('type and retryability from the ApplicationFailure; anything else is unclassified; a cancellation is no failure', () => {
    const limited = httpFailure({ system: 'Zendesk', operation: 'getTicket', status: 429, retryAfter: '3' });
    expect(failureLabels('gatherIntakeFacts', limited)).toEqual({
      activity_type: 'gatherIntakeFacts',
      integration: 'zendesk',
      failure_type: 'RateLimited',
      retryable: 'true',
    });
    const refused = httpFailure({ system: 'Slack', operation: 'postMessage', status: 403 });
    expect(failureLabels('sendSupportAlert', refused)).toMatchObject({
      integration: 'slack',
      failure_type: 'AuthenticationFailed',
      retryable: 'false',
    });
    expect(
      failureLabels('verifyContact', networkFailure('Salesforce', 'query', new Error('x'))),
    ).toMatchObject({
      integration: 'salesforce',
      failure_type: 'NetworkError',
    });
    expect(failureLabels('routeTicket', new TypeError('boom'))).toMatchObject({
      integration: 'other',
      failure_type: 'UnclassifiedError',
      retryable: 'true',
    });
    expect(failureLabels('routeTicket', new CancelledFailure('worker shutting down'))).toBeUndefined();
  });
});

describe('the activity interceptor', () => {
  let metrics: WorkerMetrics;
  beforeEach(() => {
    metrics = createWorkerMetrics();
  });
  /** Runs one attempt through the interceptor; resolves once its success has been counted. */
  const execute = async (
    activityType: string,
    args: unknown[],
    outcome: () => Promise<unknown>,
    program = 'alliance',
  ): Promise<unknown> => {
    const interceptor = new ActivityMetricsInterceptor(metrics, activityType, () => Promise.resolve(program));
    const result = await interceptor.execute({ args, headers: {} } as ActivityExecuteInput, outcome);
    await interceptor.counted;
    return result;
  };
  const value = async (name: string, labels: Record<string, string>): Promise<number> => {
    const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
    const sample = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
    return sample?.value ?? 0;
  };

  test('a write that fails twice then succeeds: two failures, one event', async () => {
    const note = slaNote('breach', 'emergency', 'first_reply');
    const unavailable = httpFailure({ system: 'Zendesk', operation: 'addTicketComment', status: 503 });
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(execute('addInternalNote', [note], () => Promise.reject(unavailable))).rejects.toBe(
        unavailable,
      );
    }
    await expect(
      execute('addInternalNote', [note], () => Promise.resolve(undefined)),
    ).resolves.toBeUndefined();
    expect(
      await value('partner_support_activity_failures_total', {
        activity_type: 'addInternalNote',
        integration: 'zendesk',
        failure_type: 'ServiceUnavailable',
      }),
    ).toBe(2);
    expect(
      await value('partner_support_sla_events_total', {
        event: 'breach',
        impact: 'emergency',
        program: 'alliance',
      }),
    ).toBe(1);
  });

  test("the ticket's writes in one activity: each note done is its event; a note not reached counts nothing", async () => {
    const triage = { kind: 'internalNote', key: 'triage-500', body: triageBody(allianceFacts('emergency')) };
    const breach = slaNote('breach', 'emergency', 'first_reply');
    const writes = [
      { kind: 'addTags', tags: ['alliance_partner'] },
      triage,
      { kind: 'internalNote', key: breach.idempotencyKey, body: breach.body },
    ];
    const input = { ticketId: 500, writes };
    // Refused at the breach note (index 2): the triage counts, the breach does not.
    await execute('applyTicketWrites', [input], () =>
      Promise.resolve({ done: 2, refused: { type: 'InvalidRequest', message: '422' } }),
    );
    const started = { program: 'alliance', level: 'priority', impact: 'emergency' };
    const breached = { event: 'breach', impact: 'emergency', program: 'alliance' };
    expect(await value('partner_support_tickets_started_total', started)).toBe(1);
    expect(await value('partner_support_sla_events_total', breached)).toBe(0);
    await execute('applyTicketWrites', [{ ticketId: 500, writes: writes.slice(2) }], () =>
      Promise.resolve({ done: 1 }),
    );
    expect(await value('partner_support_sla_events_total', breached)).toBe(1);
    expect(await value('partner_support_tickets_started_total', started)).toBe(1);
  });

  test('the result passes through; a non-retryable failure is counted as such', async () => {
    await expect(execute('verifyContact', [{}], () => Promise.resolve('verified'))).resolves.toBe('verified');
    const closed = ApplicationFailure.nonRetryable('Zendesk updateTicket: closed', 'TicketClosed');
    await expect(execute('routeTicket', [{}], () => Promise.reject(closed))).rejects.toBe(closed);
    expect(
      await value('partner_support_activity_failures_total', {
        failure_type: 'TicketClosed',
        retryable: 'false',
      }),
    ).toBe(1);
    const text = await metrics.registry.metrics();
    expect(text).toContain('partner_support_tickets_started_total');
    expect(text).not.toContain('process_cpu'); // process metrics only when asked (the worker asks)
  });
});

describe("the program of SLA and STAR events: the ticket workflow's PartnerProgram", () => {
  const context = (
    describe: () => Promise<{ typedSearchAttributes: TypedSearchAttributes }>,
  ): SchedulerContext => ({
    info: { workflowExecution: { workflowId: 'partner-ticket-500' } },
    client: { workflow: { getHandle: () => ({ describe }) } },
  });

  test('read from the search attribute, lower-cased', async () => {
    const attributes = new TypedSearchAttributes([{ key: PartnerProgramAttribute, value: 'Select' }]);
    await expect(
      programOfScheduler(context(async () => ({ typedSearchAttributes: attributes })))(),
    ).resolves.toBe('select');
  });

  test('unknown when unset, when Temporal cannot answer, or outside a workflow', async () => {
    const none = new TypedSearchAttributes([]);
    await expect(programOfScheduler(context(async () => ({ typedSearchAttributes: none })))()).resolves.toBe(
      'unknown',
    );
    const down = context(() => Promise.reject(new Error('UNAVAILABLE')));
    await expect(programOfScheduler(down)()).resolves.toBe('unknown');
    await expect(programOfScheduler({ ...down, info: {} })()).resolves.toBe('unknown');
  });

  test('a STAR raised is counted with it', async () => {
    const metrics = createWorkerMetrics();
    const interceptor = new ActivityMetricsInterceptor(metrics, 'addInternalNote', () =>
      Promise.resolve('select'),
    );
    const note = { ticketId: 500, idempotencyKey: 'star-raised-1764500000000-0', body: 'STAR raised' };
    await interceptor.execute({ args: [note], headers: {} } as ActivityExecuteInput, () =>
      Promise.resolve(undefined),
    );
    await interceptor.counted;
    expect(await metrics.registry.metrics()).toMatch(
      /^partner_support_star_events_total\{event="raised",program="select"\} 1$/m,
    );
  });
});
