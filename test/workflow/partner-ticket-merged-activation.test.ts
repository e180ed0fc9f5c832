import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundlerOptions } from '../../workers/workflow-source';
import { escalateUpdate } from '../../workflows/definitions';
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
 * The history as Core hands it to a worker without the run cached: the workflow task that took the
 * write's completion (and sent nothing) removed, so that the completion falls in the escalation's task.
 */
function withWriteCompletionInEscalationTask(events: JsonEvent[]): JsonEvent[] {
  const accepted = events.findIndex((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
  // The escalation's workflow task: the last one scheduled before the update was accepted.
  let at = accepted;
  while (at > 0 && events[at].eventType !== 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED') at -= 1;
  const before = events.slice(at - 4, at).map((e) => e.eventType.replace('EVENT_TYPE_', ''));
  // The situation of the chaos run: a write completed, its task sent no command, the escalation's task at once.
  expect(before).toEqual([
    'ACTIVITY_TASK_COMPLETED',
    'WORKFLOW_TASK_SCHEDULED',
    'WORKFLOW_TASK_STARTED',
    'WORKFLOW_TASK_COMPLETED',
  ]);
  return renumbered([...events.slice(0, at - 3), ...events.slice(at)]);
}

describe('a write completion and an escalation in one activation (time-skipping server)', () => {
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

  test('the escalation replays the same whether the write completion came apart or with it', async () => {
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'low' }));
    // Intake's writes done: the last task took their completion and sent nothing.
    await h.until(handle, (s) => s.phase === 'open');
    const answer = await handle.executeUpdate(escalateUpdate, {
      args: [
        {
          reason: 'Production pipelines down',
          desiredActions: 'Call our on-call engineer',
          submitter: 'carol@globex.example',
          source: 'slack_form',
          urgency: 'timely',
        },
      ],
    });
    expect(answer.outcome).toBe('raised');
    await h.until(handle, (s) => s.starred && s.tags.includes('star'));
    await h.finish(handle);
    await recordHistoryIfAsked('star-after-write-completed', handle);

    const recorded = JSON.parse(historyToJSON(await handle.fetchHistory())) as { events: JsonEvent[] };
    const merged = { events: withWriteCompletionInEscalationTask(recorded.events) };
    expect(merged.events).toHaveLength(recorded.events.length - 3);
    const workflowId = handle.workflowId;
    // As the worker that ran it saw it, then as a worker without the run cached sees it.
    await Worker.runReplayHistory({ workflowBundle }, historyFromJSON(recorded), workflowId);
    await Worker.runReplayHistory({ workflowBundle }, historyFromJSON(merged), workflowId);
  });
});
