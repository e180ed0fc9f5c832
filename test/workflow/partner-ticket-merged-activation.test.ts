import type { WorkflowHandle } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundlerOptions } from '../../workers/workflow-source';
import { acknowledgeStarUpdate, escalateUpdate } from '../../workflows/definitions';
import { recordHistoryIfAsked } from '../support/histories';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { globexAllianceTicket } from '../support/simulated-world';

/**
 * A worker that does not have a ticket cached replays its history when the ticket's next task
 * comes; Temporal Core then merges a workflow task that ended with no command (e.g. the one that
 * took a Zendesk write's completion) into the next one when that one follows at once, as an
 * escalation's does: the write's completion and the update arrive in one activation. A replay of
 * the history, and the worker that ran it, got them apart. The lifecycle must send the same
 * commands both ways (post-mortem 2026-12-01-star-update-nondeterminism.md).
 */

interface JsonEvent {
  eventId: string;
  eventType: string;
  [attributes: string]: unknown;
}

/** Renumbers events after some were removed, and every `…EventId` that refers to one. */
function renumbered(events: JsonEvent[]): JsonEvent[] {
  const ids = new Map(events.map((event, index) => [event.eventId, String(index + 1)]));
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key.endsWith('EventId') && typeof inner === 'string' ? (ids.get(inner) ?? inner) : rewrite(inner),
      ]),
    );
  };
  return events.map((event) => ({ ...(rewrite(event) as JsonEvent), eventId: ids.get(event.eventId)! }));
}

/**
 * The history as Core hands it to a worker without the run cached: the workflow tasks before the
 * `nth` update's that sent nothing (the first of them took `job`) removed, so that `job` falls in
 * the update's task.
 */
function mergedIntoUpdateTask(events: JsonEvent[], nth: number, job: string): JsonEvent[] {
  const accepted = events
    .map((e, index) => (e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED' ? index : -1))
    .filter((index) => index >= 0)[nth - 1];
  // The update's workflow task: the last one scheduled before the update was accepted.
  let at = accepted;
  while (at > 0 && events[at].eventType !== 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED') at -= 1;
  // The tasks before it that sent no command, each completed just as the next was scheduled
  // (Core merges them all into the update's task), and the job the first of them took.
  const task = ['WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED', 'WORKFLOW_TASK_COMPLETED'];
  const typeAt = (index: number): string => events[index].eventType.replace('EVENT_TYPE_', '');
  let from = at;
  while (from >= 3 && task.every((type, i) => typeAt(from - 3 + i) === type)) from -= 3;
  expect(from).toBeLessThan(at);
  expect(typeAt(from - 1)).toBe(job);
  return renumbered([...events.slice(0, from), ...events.slice(at)]);
}

const escalation = {
  reason: 'Production pipelines down',
  desiredActions: 'Call our on-call engineer',
  submitter: 'carol@globex.example',
  source: 'slack_form',
  urgency: 'timely',
} as const;

describe('a task that sent no command and an update in one activation (time-skipping server)', () => {
  let h: LifecycleHarness;
  let workflowBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    h = await startLifecycleHarness();
    workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      ...workflowBundlerOptions,
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** The finished ticket's history replays as recorded, and with `job` merged into the `nth` update's task. */
  async function expectReplaysBothWays(handle: WorkflowHandle, nth: number, job: string): Promise<void> {
    const recorded = JSON.parse(historyToJSON(await handle.fetchHistory())) as { events: JsonEvent[] };
    const merged = { events: mergedIntoUpdateTask(recorded.events, nth, job) };
    // As the worker that ran it saw it, then as a worker without the run cached sees it.
    await Worker.runReplayHistory({ workflowBundle }, historyFromJSON(recorded), handle.workflowId);
    await Worker.runReplayHistory({ workflowBundle }, historyFromJSON(merged), handle.workflowId);
  }

  test("a Zendesk write completes, then an escalation: the STAR's writes and timer in the same order both ways", async () => {
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'low' }));
    // Intake's writes done: the last task took their completion and sent nothing.
    await h.until(handle, (s) => s.phase === 'open');
    const answer = await handle.executeUpdate(escalateUpdate, { args: [escalation] });
    expect(answer.outcome).toBe('raised');
    await h.until(handle, (s) => s.starred && s.tags.includes('star'));
    await h.finish(handle);
    await recordHistoryIfAsked('star-after-write-completed', handle);
    await expectReplaysBothWays(handle, 1, 'ACTIVITY_TASK_COMPLETED');
  });

  test("the STAR's effects complete, then its acknowledgement: same order both ways", async () => {
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'low' }));
    await h.until(handle, (s) => s.phase === 'open');
    await handle.executeUpdate(escalateUpdate, { args: [escalation] });
    await h.until(handle, (s) => s.starred && s.tags.includes('star'));
    const acknowledged = await handle.executeUpdate(acknowledgeStarUpdate, { args: [{ by: 'Mia Manager' }] });
    expect(acknowledged.status).toBe('acknowledged');
    await h.until(handle, (s) => s.decisions.some((d) => d.summary.includes('acknowledged by Mia Manager')));
    await h.finish(handle);
    await expectReplaysBothWays(handle, 2, 'ACTIVITY_TASK_COMPLETED');
  });

  test('a partner comment taken with no command, then an escalation: same order both ways', async () => {
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'low' }));
    const { ticketId, eventsSeen } = await h.until(handle, (s) => s.phase === 'open');
    await h.sendEvent(ticketId, 'comment.public', { actor: 'end_user' });
    await h.until(handle, (s) => s.eventsSeen === eventsSeen + 1);
    await handle.executeUpdate(escalateUpdate, { args: [escalation] });
    await h.until(handle, (s) => s.starred && s.tags.includes('star'));
    await h.finish(handle);
    await expectReplaysBothWays(handle, 1, 'WORKFLOW_EXECUTION_SIGNALED');
  });
});
