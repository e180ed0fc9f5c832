import type { S3Client } from '@aws-sdk/client-s3';
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { partnerTicketWorkflowId } from '../domain/ticket-ids';
import type { WireComment, WireTicket, SimulatedWorld } from '../test/support/simulated-world';
import { statusQuery } from '../workflows/definitions';
import type { PartnerTicketStatus } from '../workflows/partner-ticket/types';
import { ALLIANCE_FORM_ID, TRIAGE_HEADING, type DrivenTicket } from './driver';
import { partnerFilesDifferences } from './files';
import type { Expectation } from './script';

export type AlertKind = 'warning' | 'breach' | 'star';

/**
 * Alerts per ticket, read from the alerts channel: one alert a message, or a digest (one alert a
 * line, each naming its ticket as `#<id>`), so the count holds however the alerts were coalesced.
 */
export function alertsByTicket(messages: string[]): Map<number, Record<AlertKind, number>> {
  const counts = new Map<number, Record<AlertKind, number>>();
  for (const line of messages.flatMap((text) => text.split('\n'))) {
    const ticket = /#(\d+)/.exec(line);
    if (!ticket) continue;
    const kind: AlertKind | undefined = /SLA warning/.test(line)
      ? 'warning'
      : /SLA breach/.test(line)
        ? 'breach'
        : /STAR on/.test(line)
          ? 'star'
          : undefined;
    if (!kind) continue;
    const id = Number(ticket[1]);
    const entry = counts.get(id) ?? { warning: 0, breach: 0, star: 0 };
    entry[kind] += 1;
    counts.set(id, entry);
  }
  return counts;
}

/** A Slack message as the simulator recorded it: our posts carry their idempotency key in metadata. */
export interface PostedMessage {
  text: string;
  metadata?: unknown;
}

const keyOf = (message: PostedMessage): string | undefined =>
  (message.metadata as { event_payload?: { idempotency_key?: string } } | undefined)?.event_payload
    ?.idempotency_key;

/** The idempotency keys of the posts in a channel. */
export const postKeys = (messages: PostedMessage[]): Set<string> =>
  new Set(messages.map(keyOf).filter((key): key is string => key !== undefined));

/**
 * The alerts channel's messages, a post repeated with the same idempotency key counted once:
 * Slack's incoming webhooks cannot refuse a repeat, so a worker killed between its post and the
 * heartbeat that records it posts again on retry; readers (and this count) drop the repeat by its
 * key. Returns the texts and how many repeats were dropped.
 */
export function distinctPosts(messages: PostedMessage[]): { texts: string[]; repeats: number } {
  const seen = new Set<string>();
  const texts: string[] = [];
  for (const message of messages) {
    const key = keyOf(message);
    if (key !== undefined && seen.has(key)) continue;
    if (key !== undefined) seen.add(key);
    texts.push(message.text);
  }
  return { texts, repeats: messages.length - texts.length };
}

/**
 * A clock found past its deadline breaches without a warning (patched('sla-no-warning-with-breach'):
 * noise for the on-call manager). A breach ticket whose intake the storm delayed past its deadline
 * therefore expects no warning: decided from the intake's own "due by" decision time.
 */
export function expectationAfterIntake(
  expect: Expectation,
  seen: TicketObservation | undefined,
): Expectation {
  if (expect.alerts.warning === 0 || seen?.intakeAt === undefined || seen.firstReplyDeadline === undefined)
    return expect;
  if (Date.parse(seen.intakeAt) < Date.parse(seen.firstReplyDeadline)) return expect;
  return {
    ...expect,
    alerts: { ...expect.alerts, warning: 0 },
    clocks: expect.clocks.map((clock) =>
      clock.kind === 'first_reply' ? { ...clock, warned: false } : clock,
    ),
    tags: expect.tags.filter((tag) => tag !== 'sla_warning'),
  };
}

export interface TicketObservation {
  phase?: string;
  pendingEffects?: number;
  pendingEvents?: number;
  starred?: boolean;
  clocks: Expectation['clocks'];
  firstReplyStartedAt?: string;
  firstReplyMetAt?: string;
  lastDecisions?: string[];
  /** When intake decided the first-reply deadline, and that deadline. */
  intakeAt?: string;
  firstReplyDeadline?: string;
}

export async function observeTicket(
  client: Client,
  ticketId: number,
): Promise<TicketObservation | undefined> {
  try {
    const status: PartnerTicketStatus = await client.workflow
      .getHandle(partnerTicketWorkflowId(ticketId))
      .query(statusQuery);
    const first = status.clocks.find((c) => c.kind === 'first_reply');
    return {
      phase: status.phase,
      pendingEffects: status.pendingEffects,
      pendingEvents: status.pendingEvents,
      starred: status.starred,
      clocks: status.clocks.map((c) => ({
        kind: c.kind,
        status: c.status,
        warned: c.warned,
        breached: c.breachedAt !== undefined,
        met: c.metAt !== undefined,
      })),
      firstReplyStartedAt: first?.startedAt,
      firstReplyMetAt: first?.metAt,
      lastDecisions: status.decisions.slice(-4).map((d) => `${d.rule}: ${d.summary}`),
      intakeAt: status.decisions.find((d) => d.summary.startsWith('First reply due by'))?.at,
      firstReplyDeadline: /First reply due by (\S+)/.exec(
        status.decisions.find((d) => d.summary.startsWith('First reply due by'))?.summary ?? '',
      )?.[1],
    };
  } catch {
    return undefined;
  }
}

/** Settled: the expected phase reached, nothing left to write or to apply. */
export const settled = (ticket: DrivenTicket, seen: TicketObservation | undefined): boolean =>
  seen !== undefined &&
  seen.phase === ticket.lifecycle.expect.phase &&
  seen.pendingEffects === 0 &&
  seen.pendingEvents === 0;

const sameSecond = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000);

/** What the checks of every ticket share: Temporal, the simulators, what the run left behind. */
export interface RunFindings {
  client: Client;
  world: SimulatedWorld;
  alerts: Map<number, Record<AlertKind, number>>;
  s3: { client: S3Client; supportBucket: string };
  /** The A5 retrievals of the run, by ticket. */
  retrievals: Map<number, RunSummary[]>;
}

/**
 * Every difference between what the script expects of a ticket and what Zendesk, Slack and
 * Temporal show; an empty list is a pass.
 */
export async function ticketDifferences(
  { client, world, alerts, s3, retrievals }: RunFindings,
  ticket: DrivenTicket,
): Promise<string[]> {
  const { lifecycle } = ticket;
  const name = `lifecycle ${lifecycle.index} (${lifecycle.kind}, ticket ${ticket.ticketId ?? '?'})`;
  if (ticket.error) return [`${name}: the driver could not play it: ${ticket.error}`];
  const ticketId = ticket.ticketId as number;
  const problems: string[] = [];
  const expect = lifecycle.expect;

  // One workflow run chain: every run but the last continued as new.
  const runs: string[] = [];
  for await (const run of client.workflow.list({
    query: `WorkflowId = '${partnerTicketWorkflowId(ticketId)}'`,
  }))
    runs.push(run.status.name);
  const ends = runs.filter((status) => status !== 'CONTINUED_AS_NEW');
  if (ends.length !== 1)
    problems.push(`${name}: ${ends.length} workflow run chains (runs: ${runs.join(', ')})`);

  const wire = (await world.ticket(ticketId)) as WireTicket & { created_at?: string };
  const comments = (await world.comments(ticketId)) as Array<WireComment & { created_at?: string }>;
  const triage = comments.filter((c) => !c.public && c.body.startsWith(TRIAGE_HEADING));
  if (triage.length !== 1) problems.push(`${name}: ${triage.length} triage notes`);
  const missingTags = expectationAfterIntake(expect, await observeTicket(client, ticketId)).tags.filter(
    (tag) => !wire.tags.includes(tag),
  );
  if (missingTags.length > 0)
    problems.push(`${name}: tags ${missingTags.join(', ')} missing (has ${wire.tags.join(', ')})`);
  const leftTags = (expect.absentTags ?? []).filter((tag) => wire.tags.includes(tag));
  if (leftTags.length > 0) problems.push(`${name}: tags ${leftTags.join(', ')} still on the ticket`);
  if (expect.partnerFiles)
    problems.push(
      ...(await partnerFilesDifferences(s3, name, ticketId, comments, retrievals.get(ticketId) ?? [])),
    );
  if (wire.ticket_form_id !== ALLIANCE_FORM_ID) problems.push(`${name}: form ${wire.ticket_form_id}`);

  const seen = await observeTicket(client, ticketId);
  if (!seen) return [...problems, `${name}: the status query failed`];
  const expected = expectationAfterIntake(expect, seen);
  const got = alerts.get(ticketId) ?? { warning: 0, breach: 0, star: 0 };
  for (const kind of ['warning', 'breach', 'star'] as const) {
    if (got[kind] !== expected.alerts[kind])
      problems.push(`${name}: ${got[kind]} ${kind} alerts, expected ${expected.alerts[kind]}`);
  }
  if (seen.phase !== expect.phase || seen.pendingEffects !== 0)
    problems.push(
      `${name}: phase ${seen.phase} with ${seen.pendingEffects} writes pending, expected ${expect.phase}; last decisions: ${seen.lastDecisions?.join(' | ')}`,
    );
  if (seen.starred !== expect.starred) problems.push(`${name}: starred ${seen.starred}`);
  if (JSON.stringify(seen.clocks) !== JSON.stringify(expect.clocks))
    problems.push(
      `${name}: clocks ${JSON.stringify(seen.clocks)}, expected ${JSON.stringify(expect.clocks)}`,
    );
  // The clocks keep Zendesk's times: started at the ticket's creation, met at the first agent reply.
  if (!sameSecond(seen.firstReplyStartedAt, wire.created_at))
    problems.push(
      `${name}: first reply clock started ${seen.firstReplyStartedAt}, created ${wire.created_at}`,
    );
  const firstAgentReply = comments.find((c) => c.public && c.author_id === 9002);
  if (!sameSecond(seen.firstReplyMetAt, firstAgentReply?.created_at))
    problems.push(
      `${name}: first reply met ${seen.firstReplyMetAt}, agent replied ${firstAgentReply?.created_at}`,
    );
  return problems;
}

/** Why a run failed, from its closing event: the failure and its causes' messages. */
function failureOf(
  events: Array<{ workflowExecutionFailedEventAttributes?: { failure?: FailureMessage | null } | null }>,
): string {
  let failure = events.at(-1)?.workflowExecutionFailedEventAttributes?.failure;
  const messages: string[] = [];
  while (failure) {
    messages.push(failure.message ?? '?');
    failure = failure.cause;
  }
  return messages.length > 0 ? `: ${messages.join(' ← ')}` : '';
}
interface FailureMessage {
  message?: string | null;
  cause?: FailureMessage | null;
}

/** One run on the task queue, as Temporal's visibility lists it. */
export interface RunSummary {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
  /** From start to close; none while it runs. */
  durationMs?: number;
}

export interface HistoryFindings {
  workflowTaskFailed: string[];
  /** Completions refused because a signal came in meanwhile: Temporal's own retry, not a failure of our code. */
  unhandledCommand: number;
  workflowTaskTimedOut: number;
  activityRetries: number;
  replayFailures: string[];
  /** Every run (tickets, retrievals, provisioning, both reconciliations), newest first. */
  runs: RunSummary[];
  /** Runs that ended failed, terminated, timed out or cancelled: none may. */
  unsuccessfulRuns: string[];
}

/**
 * Every workflow of the run's task queue: no workflow task failed (a non-determinism or a bug in
 * workflow code), and every history replays against the bundle the workers ran.
 */
export async function checkHistories(
  client: Client,
  taskQueue: string,
  workflowBundlePath: string,
): Promise<HistoryFindings> {
  const findings: HistoryFindings = {
    workflowTaskFailed: [],
    unhandledCommand: 0,
    workflowTaskTimedOut: 0,
    activityRetries: 0,
    replayFailures: [],
    runs: [],
    unsuccessfulRuns: [],
  };
  const histories: Array<{ workflowId: string; history: Awaited<ReturnType<typeof fetchOne>> }> = [];
  const fetchOne = (workflowId: string, runId: string) =>
    client.workflow.getHandle(workflowId, runId).fetchHistory();
  for await (const run of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    findings.runs.push({
      workflowId: run.workflowId,
      runId: run.runId,
      type: run.type,
      status: run.status.name,
      durationMs: run.closeTime && run.closeTime.getTime() - run.startTime.getTime(),
    });
    const history = await fetchOne(run.workflowId, run.runId);
    if (['FAILED', 'TERMINATED', 'TIMED_OUT', 'CANCELLED'].includes(run.status.name))
      findings.unsuccessfulRuns.push(
        `${run.workflowId} (${run.type}): ${run.status.name}${failureOf(history.events ?? [])}`,
      );
    for (const event of history.events ?? []) {
      const failed = event.workflowTaskFailedEventAttributes;
      // UNHANDLED_COMMAND (1): the task's commands raced a new signal; Temporal has the worker redo it.
      if (failed && failed.cause === 1) findings.unhandledCommand += 1;
      else if (failed)
        findings.workflowTaskFailed.push(
          `${run.workflowId}: ${failed.failure?.message ?? 'workflow task failed'} (cause ${failed.cause})`,
        );
      if (event.workflowTaskTimedOutEventAttributes) findings.workflowTaskTimedOut += 1;
      if ((event.activityTaskStartedEventAttributes?.attempt ?? 1) > 1) findings.activityRetries += 1;
    }
    histories.push({ workflowId: run.workflowId, history });
  }
  const results = Worker.runReplayHistories({ workflowBundle: { codePath: workflowBundlePath } }, histories);
  for await (const result of results) {
    if (result.error) findings.replayFailures.push(`${result.workflowId}: ${result.error.message}`);
  }
  return findings;
}
