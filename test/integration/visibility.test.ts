import {
  PartnerProgramAttribute,
  SlaStateAttribute,
  StarredAttribute,
  SupportLevelAttribute,
  TicketIdAttribute,
} from '../../domain/search-attributes';
import { eventually } from '../support/eventually';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { globexAllianceTicket } from '../support/simulated-world';

/**
 * What the Temporal UI shows: on the real dev server, a ticket's workflow carries its search
 * attributes (so the UI's filters find it) and answers the `status` query.
 */
describe('partner ticket on the dev server', () => {
  let h: LifecycleHarness;

  beforeAll(async () => {
    h = await startLifecycleHarness({ server: 'dev' });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('search attributes filter the ticket in visibility, and the status query shows its decisions and clocks', async () => {
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'highly_degraded' }));
    const status = await h.until(handle, (s) => s.phase === 'open');
    expect(status.program).toBe('alliance');
    expect(status.decisions.map((d) => d.rule)).toEqual(expect.arrayContaining(['Program', 'S2', 'A3']));
    expect(status.clocks[0]).toMatchObject({ kind: 'first_reply', target: '4 h', status: 'running' });

    const idsFor = async (query: string): Promise<string[]> => {
      const ids: string[] = [];
      for await (const execution of h.env.client.workflow.list({ query })) ids.push(execution.workflowId);
      return ids;
    };
    const ticketId = String(status.ticketId);
    // Visibility is eventually consistent: wait until the execution is indexed with its attributes.
    await eventually(async () =>
      (
        await idsFor(`PartnerProgram = "Alliance" AND SupportLevel = "Priority" AND TicketId = "${ticketId}"`)
      ).includes(handle.workflowId),
    );
    expect(await idsFor(`PartnerProgram = "Select" AND TicketId = "${ticketId}"`)).toEqual([]);

    const attributes = (await handle.describe()).typedSearchAttributes;
    expect(attributes.get(TicketIdAttribute)).toBe(ticketId);
    expect(attributes.get(PartnerProgramAttribute)).toBe('Alliance');
    expect(attributes.get(SupportLevelAttribute)).toBe('Priority');
    expect(attributes.get(SlaStateAttribute)).toBe('active');
    expect(attributes.get(StarredAttribute)).toBe(false);

    // The triage note in the Zendesk simulator names the rules applied.
    const triage = (await h.world.comments(status.ticketId)).find(
      (c) => !c.public && c.body.includes('triage'),
    );
    expect(triage?.body).toMatch(/Program: Alliance Partner: Globex Cloud/);
    expect(triage?.body).toMatch(/S2: Requester carol@globex.example is a Contact on Globex Cloud/);
    await h.finish(handle);
  });
});
