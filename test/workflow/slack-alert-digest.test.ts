import type { SupportAlert } from '../../domain/alert-digest';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import type { partnerTicket, slackAlertDigest } from '../../workflows';
import {
  alertDigestQuery,
  slackAlertDigestWorkflowId,
  supportAlertSignal,
} from '../../workflows/slack-alert-digest/definitions';
import { slackAlertDigestStartOptions } from '../../client/temporal/alert-digest';
import { eventually } from '../support/eventually';
import { recordHistoryIfAsked } from '../support/histories';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { globexAllianceTicket } from '../support/simulated-world';

/**
 * Alert storms (issue 15): alerts reach Slack through the alerts channel's digest workflow,
 * which keeps to Slack's pace (about a message a second per incoming webhook) by coalescing.
 * Time-skipping server, real worker and activities, the Slack simulator's rate limit on.
 */
const MINUTE = 60_000;
const ALERTS_PATH = '/services/T0LOCAL/B0ALERTS/local-alerts';
const WEBHOOK_ROUTE = 'POST /services/:team/:bot/:token';

describe('alert digests (time-skipping server)', () => {
  let h: LifecycleHarness;
  const alertMessages = () => h.world.slack.messages.filter((m) => m.path === ALERTS_PATH);
  /** Lines of every alerts message naming this ticket (`#<id>` not followed by another digit) and this text. */
  const mentions = (ticketId: number, text: string): string[] =>
    alertMessages()
      .flatMap((m) => m.text.split('\n'))
      .filter((line) => new RegExp(`#${ticketId}(?!\\d)`).test(line) && line.includes(text));
  const signalDigest = (channel: string, alert: SupportAlert, continueAsNewAfter?: number) =>
    h.env.client.workflow.signalWithStart<typeof slackAlertDigest, [SupportAlert]>('slackAlertDigest', {
      ...slackAlertDigestStartOptions(channel, h.taskQueue),
      args: [{ channel, continueAsNewAfter }],
      signal: supportAlertSignal,
      signalArgs: [alert],
    });
  const digestView = (channel: string) =>
    h.env.client.workflow.getHandle(slackAlertDigestWorkflowId(channel)).query(alertDigestQuery);

  beforeAll(async () => {
    h = await startLifecycleHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('50 tickets breaching in the same instant: a few digest messages, each ticket mentioned once, Slack never over its pace', async () => {
    const createdAt = await h.now();
    h.world.setNow(createdAt);
    const ticketIds: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      ticketIds.push(
        await h.world.createTicket(globexAllianceTicket({ impact: 'emergency', subject: `Storm ${i}` })),
      );
    }
    await Promise.all(ticketIds.map((id) => h.sendEvent(id, 'ticket.created', { actor: 'end_user' })));
    const handles = ticketIds.map((id) =>
      h.env.client.workflow.getHandle<typeof partnerTicket>(partnerTicketWorkflowId(id)),
    );
    for (const handle of handles) await h.until(handle, (s) => s.phase === 'open');
    // Every first-reply clock started at the same creation instant: one deadline for all.
    const deadlines = new Set(
      await Promise.all(handles.map(async (handle) => (await h.status(handle)).clocks[0].deadline)),
    );
    expect(deadlines.size).toBe(1);
    const messagesBefore = alertMessages().length;
    const requestsBefore = h.world.slack.app.requests.length;

    await h.skipTo(new Date(Date.parse([...deadlines][0] ?? '') + MINUTE));
    for (const handle of handles) await h.until(handle, (s) => s.slaState === 'breached');

    for (const id of ticketIds) {
      expect(mentions(id, 'SLA breach')).toHaveLength(1);
      expect(mentions(id, 'SLA warning')).toHaveLength(1);
    }
    // 100 alerts (a warning and a breach each) in a few messages, at most 50 alerts apiece.
    const storm = alertMessages().slice(messagesBefore);
    expect(storm.length).toBeGreaterThanOrEqual(2);
    expect(storm.length).toBeLessThanOrEqual(15);
    expect(storm.some((m) => m.text.startsWith(':bell: '))).toBe(true);
    const posts = h.world.slack.app.requests
      .slice(requestsBefore)
      .filter((r) => r.route === WEBHOOK_ROUTE && r.path === ALERTS_PATH);
    expect(posts.filter((r) => r.status === 429)).toEqual([]);
    // Paced: no two accepted posts within less than a second, beyond Slack's tolerated burst.
    const accepted = posts.filter((r) => r.status === 200).map((r) => Date.parse(r.at));
    const quick = accepted.slice(1).filter((at, i) => at - accepted[i] < 900);
    expect(quick.length).toBeLessThan(10);
    // Closed in Zendesk, each lifecycle ends; polled rather than awaited, so that time does not skip meanwhile.
    for (const id of ticketIds) await h.sendEvent(id, 'ticket.closed', { actor: 'system' });
    await eventually(
      async () => {
        const described = await Promise.all(handles.map((handle) => handle.describe()));
        return described.every((d) => d.status.name === 'COMPLETED');
      },
      { timeoutMs: 60_000 },
    );
  });

  test('a redelivered alert (same ticket, same key) is posted once; the same key on another ticket is its own alert', async () => {
    const channel = 'alerts-dedupe';
    const alert = {
      ticketId: 910001,
      key: 'sla-breach-first_reply-1',
      text: 'Dedupe probe on ticket #910001',
    };
    await signalDigest(channel, alert);
    await signalDigest(channel, alert);
    await signalDigest(channel, { ...alert, ticketId: 910002, text: 'Dedupe probe on ticket #910002' });
    await eventually(async () => {
      const view = await digestView(channel);
      return view.received === 2 && view.duplicates === 1 && view.pending === 0;
    });
    expect(mentions(910001, 'Dedupe probe')).toHaveLength(1);
    expect(mentions(910002, 'Dedupe probe')).toHaveLength(1);
  });

  test('the digest continues as new when its history grows, carrying what it has not posted yet', async () => {
    const channel = 'alerts-continue';
    const first = await signalDigest(
      channel,
      { ticketId: 920000, key: 'k', text: 'Carry probe #920000' },
      40,
    );
    const firstRunId = (await first.describe()).runId;
    for (let i = 1; i < 30; i += 1) {
      await signalDigest(channel, { ticketId: 920000 + i, key: 'k', text: `Carry probe #${920000 + i}` }, 40);
    }
    await eventually(
      async () => {
        const view = await digestView(channel);
        return view.received === 30 && view.pending === 0;
      },
      { timeoutMs: 60_000 },
    );
    const latest = await h.env.client.workflow.getHandle(slackAlertDigestWorkflowId(channel)).describe();
    expect(latest.runId).not.toBe(firstRunId);
    for (let i = 0; i < 30; i += 1) expect(mentions(920000 + i, 'Carry probe')).toHaveLength(1);
    await recordHistoryIfAsked(
      'slack-alert-digest/continued-as-new',
      h.env.client.workflow.getHandle(slackAlertDigestWorkflowId(channel), firstRunId),
    );
  });
});
