import { defaultPayloadConverter } from '@temporalio/common';
import { workflowMetadataQuery } from '@temporalio/workflow';
import { startLifecycleHarness, type LifecycleHarness } from '../support/lifecycle-harness';
import { globexAllianceTicket } from '../support/simulated-world';

/**
 * A ticket read in the Temporal UI: the start's summary, the details card kept current, a summary
 * on every timer and activity (dev server: the time-skipping server keeps no start summary).
 */
describe('the partner ticket in the Temporal UI (dev server)', () => {
  let h: LifecycleHarness;

  beforeAll(async () => {
    h = await startLifecycleHarness({ server: 'dev' });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('summary on start, a Markdown card of the current state, and named timers and activities', async () => {
    const handle = await h.openTicket(globexAllianceTicket({ impact: 'emergency' }));
    const open = await h.until(handle, (s) => s.phase === 'open');

    const described = await handle.describe();
    expect(await described.staticSummary()).toBe(`Zendesk ticket #${open.ticketId}`);
    const metadata = await handle.query(workflowMetadataQuery);
    const card = metadata.currentDetails ?? '';
    expect(card).toContain(`### Ticket #${open.ticketId}`);
    expect(card).toContain(
      '**Program** alliance · **Support** priority · **Impact** emergency · **SLA** active',
    );
    expect(card).toMatch(/\| First reply \| 30 min 24x7 \| running \| \d{4}-\d\d-\d\d \d\d:\d\d UTC \|/);
    expect(card).toContain('- `SLA` First reply due by');

    const summaries = (await handle.fetchHistory()).events?.flatMap((event) => {
      const summary = event.userMetadata?.summary;
      return summary ? [String(defaultPayloadConverter.fromPayload(summary))] : [];
    });
    const warningDue = new Date(Date.parse(open.clocks[0].startedAt) + 22.5 * 60_000)
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ');
    expect(summaries).toContain(`first reply warning, priority/emergency, due ${warningDue} UTC`);
    expect(summaries).toContain('Load the SLA policy');
    expect(summaries).toContain('Read the ticket, requester, organization and Salesforce account');
    // Intake's Zendesk writes run as one activity, named by each write it does.
    expect(summaries).toContainEqual(
      expect.stringMatching(
        /^Tags alliance_partner; Internal note "Partner Support Orchestrator — triage"; /,
      ),
    );
    await h.finish(handle);
  });
});
