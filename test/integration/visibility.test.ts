import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import type { TicketDirectory } from '../../activities/tickets';
import { PartnerProgramAttribute, TicketIdAttribute } from '../../domain/search-attributes';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { partnerTicket } from '../../workflows';
import { statusQuery } from '../../workflows/definitions';
import { startDevServerEnvironment } from '../support/temporal';
import { eventually } from '../support/eventually';
import { createTestWorker } from '../support/worker';

const tickets: TicketDirectory = {
  async getTicket(ticketId) {
    return { id: ticketId, subject: `Ticket ${ticketId}`, status: 'new' };
  },
};

describe('partnerTicket on the dev server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await startDevServerEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  test('a visibility query filtered by PartnerProgram finds the started workflow', async () => {
    const { worker, taskQueue } = await createTestWorker(env, createActivities({ tickets }));
    await worker.runUntil(async () => {
      const workflowId = partnerTicketWorkflowId(2001);
      const handle = await env.client.workflow.start(partnerTicket, {
        taskQueue,
        workflowId,
        args: [{ ticketId: 2001 }],
        typedSearchAttributes: [{ key: PartnerProgramAttribute, value: 'Alliance' }],
      });
      await eventually(async () => (await handle.query(statusQuery)).phase === 'open');

      const idsFor = async (query: string): Promise<string[]> => {
        const ids: string[] = [];
        for await (const execution of env.client.workflow.list({ query })) ids.push(execution.workflowId);
        return ids;
      };
      // Visibility is eventually consistent: wait until the execution is indexed.
      await eventually(async () => (await idsFor(`PartnerProgram = "Alliance"`)).includes(workflowId));
      expect(await idsFor(`PartnerProgram = "Select"`)).not.toContain(workflowId);

      const description = await handle.describe();
      expect(description.typedSearchAttributes.get(TicketIdAttribute)).toBe('2001');
      await handle.terminate('test finished');
    });
  });
});
