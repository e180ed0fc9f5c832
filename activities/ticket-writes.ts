import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from './errors';
import { resumableReads } from './keep-alive';
import type { LifecycleActivities, ZendeskTicketWrite } from './lifecycle-contract';
import type { ZendeskActivities } from './zendesk';

/** One of the ticket's writes, through the Zendesk activity that does it. */
function applyTicketWrite(
  zendesk: ZendeskActivities,
  ticketId: number,
  write: ZendeskTicketWrite,
): Promise<unknown> {
  switch (write.kind) {
    case 'addTags':
      return zendesk.addTicketTags({ ticketId, tags: write.tags });
    case 'removeTags':
      return zendesk.removeTicketTags({ ticketId, tags: write.tags });
    case 'route':
      return zendesk.routeTicket({ ticketId, formId: write.formId, groupId: write.groupId });
    case 'internalNote':
    case 'publicComment':
      return zendesk.addTicketComment({
        ticketId,
        idempotencyKey: write.key,
        body: write.body,
        public: write.kind === 'publicComment',
      });
    case 'setPriority':
      return zendesk.setTicketPriority({ ticketId, priority: write.priority });
    case 'solve':
      return zendesk.setTicketStatus({ ticketId, status: 'solved' });
    default:
      throw ApplicationFailure.nonRetryable(
        `Unknown ticket write ${JSON.stringify((write as { kind?: unknown }).kind)}`,
        FailureTypes.invalidRequest,
      );
  }
}

/**
 * The ticket's queued Zendesk writes in one activity (intake's routing, tags and triage note
 * together: one activity and one workflow task instead of three). Each write is harmless to
 * repeat, and each one done is checkpointed in the heartbeat, so a retry resumes at the first not
 * done. A write Zendesk refuses for good ends the run with how far it went: the workflow records it.
 */
export function createTicketWrites(
  zendesk: ZendeskActivities,
): Pick<LifecycleActivities, 'applyTicketWrites'> {
  return {
    async applyTicketWrites({ ticketId, writes }) {
      // Each write done is checkpointed like a read: a retry resumes at the first not done.
      const step = resumableReads<Record<string, true>>();
      for (let i = 0; i < writes.length; i += 1) {
        try {
          await step(String(i), async () => {
            await applyTicketWrite(zendesk, ticketId, writes[i]);
            return true;
          });
        } catch (err) {
          // Refused for good: the workflow records it and goes on; a passing failure is retried.
          if (!(err instanceof ApplicationFailure) || !err.nonRetryable) throw err;
          return { done: i, refused: { type: err.type ?? 'Error', message: err.message } };
        }
      }
      return { done: writes.length };
    },
  };
}
