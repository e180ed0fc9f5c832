import { createHash } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createActivityDeps } from '../../activities/clients';
import { startFileRetrieval } from '../support/file-retrieval';
import type { FileRetrievalInput, FileRetrievalResult } from '../../workflows/file-retrieval/types';
import { NOTE_BUDGET_BYTES, utf8Length } from '../../domain/retrieval-notes';
import { recordHistoryIfAsked } from '../support/histories';
import { startMoto, type MotoHarness } from '../support/moto';
import { globexAllianceTicket, startSimulatedWorld, type SimulatedWorld } from '../support/simulated-world';
import { startTimeSkippingEnvironment } from '../support/temporal';
import { createTestWorker } from '../support/worker';

/** A5 retrieval on the time-skipping server, with the real activities against the simulators and moto. */
const GLOBEX = '001000000000003AAA'; // Alliance, globex-support-files / gitlab-support/
const ACME = '001000000000001AAA'; // no bucket
const BUCKET = 'globex-support-files';
const SUPPORT_BUCKET = 'partner-support-files-wf';
const sha256 = (body: string | Buffer): string => createHash('sha256').update(body).digest('hex');

describe('A5 file retrieval (time-skipping server, simulators, moto)', () => {
  let env: TestWorkflowEnvironment;
  let world: SimulatedWorld;
  let moto: MotoHarness;
  let worker: Worker;
  let taskQueue: string;
  let running: Promise<void>;
  const bodies = new Map<string, string>();

  beforeAll(async () => {
    [env, world, moto] = await Promise.all([
      startTimeSkippingEnvironment(),
      startSimulatedWorld(),
      startMoto(),
    ]);
    await moto.createBucket(BUCKET);
    await moto.createBucket(SUPPORT_BUCKET);
    const put = async (key: string, body: string): Promise<void> => {
      bodies.set(key, body);
      await moto.put(BUCKET, key, body);
    };
    for (let i = 0; i < 195; i += 1)
      await put(`gitlab-support/777/logs/part-${String(i).padStart(3, '0')}.log`, `log ${i}\n`);
    await put('gitlab-support/777/empty.txt', '');
    await put('gitlab-support/777/données/été ✓.txt', 'unicode');
    await put('gitlab-support/777/日本/深い/ネスト.txt', 'nested');
    await put('gitlab-support/777/../escape.txt', 'traversal');
    await moto.put(BUCKET, 'gitlab-support/777/folder/', '');
    await moto.put(BUCKET, 'internal/not-for-support.txt', 'outside');
    const config = {
      ...world.config,
      s3: { ...world.config.s3, endpoint: moto.server.url, supportBucket: SUPPORT_BUCKET },
    };
    ({ worker, taskQueue } = await createTestWorker(env, createActivities(createActivityDeps(config))));
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await Promise.all([env?.teardown(), world?.close(), moto?.close()]);
  });

  const retrieve = async (
    input: FileRetrievalInput,
  ): Promise<{ workflowId: string; result: FileRetrievalResult }> => {
    const { workflowId } = await startFileRetrieval(env.client, input, taskQueue);
    const handle = env.client.workflow.getHandle(workflowId);
    const result = (await handle.result()) as FileRetrievalResult;
    return { workflowId, result };
  };
  const notesOn = async (ticketId: number): Promise<string[]> =>
    (await world.comments(ticketId)).filter((c) => !c.public).map((c) => c.body);

  test('A5: a prefix of ~200 objects (zero-byte, unicode, nested) is copied once, with notes listing every file', async () => {
    const ticketId = await world.createTicket(globexAllianceTicket());
    const { workflowId, result } = await retrieve({ ticketId, accountId: GLOBEX, prefix: '777/' });
    expect(workflowId).toBe(`file-retrieval-${ticketId}-1`);
    expect(result.state).toBe('completed');
    expect(result.files).toHaveLength(198);
    expect(result.failed).toEqual([]);
    for (const file of result.files) {
      expect(file.key).toBe(
        `tickets/${ticketId}/partner-s3/${file.sourceKey.slice('gitlab-support/'.length)}`,
      );
      expect(file.sha256).toBe(sha256(bodies.get(file.sourceKey) ?? ''));
      expect(file.copied).toBe(true);
    }
    expect(result.skipped.map((s) => [s.key, s.reason.split(':')[0]]).sort()).toEqual([
      ['gitlab-support/777/../escape.txt', 'refused'],
      ['gitlab-support/777/folder/', 'folder marker (empty, nothing to copy)'],
    ]);

    // 198 files with their links exceed what one Zendesk comment takes: several notes, in order.
    const notes = await notesOn(ticketId);
    expect(notes.length).toBeGreaterThan(1);
    for (const note of notes) expect(utf8Length(note)).toBeLessThanOrEqual(NOTE_BUDGET_BYTES);
    expect(notes[0]).toContain(`198 file(s)`);
    expect(notes[0]).toContain(`Listed in ${notes.length} notes.`);
    const all = notes.join('\n');
    for (const file of result.files) expect(all).toContain(`- ${file.sourceKey} (`);
    expect(all).toContain(`gitlab-support/777/données/été ✓.txt (7 bytes, SHA-256 ${sha256('unicode')})`);
    expect(all).toMatch(/escape\.txt.*refused/);
    // Each file's short-lived link (in the notes only, not in the workflow's result) serves it.
    const link = /ネスト\.txt \(.*\): (\S+)$/m.exec(all)?.[1];
    expect(await (await fetch(link ?? '')).text()).toBe('nested');

    // A second retrieval copies nothing twice, and writes its own notes.
    const again = await retrieve({ ticketId, accountId: GLOBEX, prefix: '777/' });
    expect(again.workflowId).toBe(`file-retrieval-${ticketId}-2`);
    expect(again.result.files.filter((f) => f.copied)).toEqual([]);
    expect(again.result.files.map((f) => f.sha256)).toEqual(result.files.map((f) => f.sha256));
    expect(await notesOn(ticketId)).toHaveLength(2 * notes.length);
  });

  test('A5: limits leave objects out, and the note says why', async () => {
    const ticketId = await world.createTicket(globexAllianceTicket());
    const { workflowId, result } = await retrieve({
      ticketId,
      accountId: GLOBEX,
      prefix: '777/logs/',
      maxObjects: 10,
    });
    // A small history for the replay tests (the ~200-object one is a megabyte).
    await recordHistoryIfAsked('file-retrieval/a5-limited', env.client.workflow.getHandle(workflowId));
    expect(result.files).toHaveLength(10);
    expect(result.skipped.filter((s) => s.reason === 'over the limit of 10 objects')).toHaveLength(185);
    expect((await notesOn(ticketId))[0]).toContain('over the limit of 10 objects');
  });

  test('A5: a partner without a bucket is refused with a note', async () => {
    const ticketId = await world.createTicket(globexAllianceTicket());
    const { result } = await retrieve({ ticketId, accountId: ACME });
    expect(result).toMatchObject({ state: 'refused', files: [] });
    expect(await notesOn(ticketId)).toEqual([expect.stringMatching(/refused.*no S3 bucket/)]);
  });

  test('A5: a requested prefix escaping the partner prefix is refused with a note', async () => {
    const ticketId = await world.createTicket(globexAllianceTicket());
    for (const prefix of ['../internal/', '/internal', '777/../../internal']) {
      const { result } = await retrieve({ ticketId, accountId: GLOBEX, prefix });
      expect(result).toMatchObject({ state: 'refused', files: [] });
    }
    const notes = await notesOn(ticketId);
    expect(notes).toHaveLength(3);
    for (const note of notes)
      expect(note).toMatch(/refused.*within Globex Cloud's prefix "gitlab-support\/"/);
  });
});
