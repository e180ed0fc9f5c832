import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundlerOptions } from '../../workers/workflow-source';
import { historiesDir } from '../support/histories';

/**
 * Recorded histories (test/replay/histories, `npm run record-histories`) replayed against the
 * current workflow code, each against the workflow type its history started (runReplayHistory
 * reads it from the first event): partnerTicket at the top level and under `inline-effects/`,
 * accountProvisioning, accountDeprovisioning and partnerAccountsReconcile (a run that continued as new, and the last run) under `account-provisioning/`. A change that is not deterministic for running workflows
 * fails here (guard such changes with `patched()`). `inline-effects/` holds histories recorded
 * before side effects moved to the background (`patched('effects-in-background')`): they keep
 * the old code path honest for workflows started before that change; `before-uploader-and-digest/`
 * holds tickets recorded before the S5 uploader, the Slack alert digest and A5 through the ticket
 * (`patched('s5-support-uploader')`, `'slack-alert-digest'`, `'a5-files-request-tag'`),
 * `before-writes-together/` tickets recorded with one activity per Zendesk write (before
 * `patched('zendesk-writes-together')`), and `slack-alert-digest/` the digest workflow itself.
 */
const histories = readdirSync(historiesDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.json'))
  .sort();

/** The workflow type a history started, from its first event. */
const workflowTypeOf = (history: unknown): string | undefined =>
  (
    history as {
      events?: Array<{ workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }>;
    }
  ).events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;

describe('replay of recorded workflow histories', () => {
  let workflowBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    // One bundle for every history: the code under test is the same.
    workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      // As production bundles it (shared modules included), so that replays run what workers run.
      ...workflowBundlerOptions,
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
    });
  });

  test('histories are checked in', () => {
    expect(histories.filter((file) => file.startsWith('inline-effects')).length).toBeGreaterThanOrEqual(7);
    expect(
      histories.filter((file) => file.startsWith('before-uploader-and-digest/')).length,
    ).toBeGreaterThanOrEqual(7);
    expect(
      histories.filter((file) => file.startsWith('before-writes-together/')).length,
    ).toBeGreaterThanOrEqual(12);
    expect(histories.filter((file) => file.startsWith('slack-alert-digest/')).length).toBeGreaterThanOrEqual(
      1,
    );
    expect(histories.filter((file) => !file.includes('/')).length).toBeGreaterThanOrEqual(7);
    expect(
      histories.filter((file) => file.startsWith('account-provisioning/')).length,
    ).toBeGreaterThanOrEqual(2);
  });

  test.each(histories)('%s started the workflow type of its folder', (file) => {
    const history: unknown = JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8'));
    const expected = file.startsWith('account-provisioning/')
      ? ['accountProvisioning', 'accountDeprovisioning', 'partnerAccountsReconcile']
      : file.startsWith('file-retrieval/')
        ? ['fileRetrieval']
        : file.startsWith('slack-alert-digest/')
          ? ['slackAlertDigest']
          : ['partnerTicket'];
    expect(expected).toContain(workflowTypeOf(history));
  });

  test.each(histories)('%s replays against the current workflow code', async (file) => {
    const history: unknown = JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8'));
    await Worker.runReplayHistory(
      { workflowBundle },
      history as Parameters<typeof Worker.runReplayHistory>[1],
      path.basename(file, '.json'),
    );
  });
});
