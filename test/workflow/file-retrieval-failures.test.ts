import { HeadObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createActivityDeps } from '../../activities/clients';
import { createS3Client } from '../../activities/files/s3-client';
import { startFileRetrieval } from '../support/file-retrieval';
import type { FileRetrievalResult } from '../../workflows/file-retrieval/types';
import { startMoto, type MotoHarness } from '../support/moto';
import { globexAllianceTicket, startSimulatedWorld, type SimulatedWorld } from '../support/simulated-world';
import { startTimeSkippingEnvironment } from '../support/temporal';
import { createTestWorker } from '../support/worker';

/**
 * A5 when a copy fails for good, on the time-skipping server with the simulators and moto: the
 * support bucket's S3 refuses every upload of one object's second part (a test-only middleware on
 * the real client), each attempt continues from the last one's checkpoint and breaks off again;
 * once the retries are spent the workflow aborts the open multipart upload and its note names the
 * failure, while the other files are copied.
 */
const GLOBEX = '001000000000003AAA'; // Alliance, globex-support-files / gitlab-support/
const BUCKET = 'globex-support-files';
const SUPPORT_BUCKET = 'partner-support-files-failures';
const MB = 1024 * 1024;

describe('A5 copy failing for good (time-skipping server, simulators, moto)', () => {
  let env: TestWorkflowEnvironment;
  let world: SimulatedWorld;
  let moto: MotoHarness;
  let worker: Worker;
  let taskQueue: string;
  let running: Promise<void>;
  let brokenParts = 0;

  beforeAll(async () => {
    [env, world, moto] = await Promise.all([
      startTimeSkippingEnvironment(),
      startSimulatedWorld(),
      startMoto(),
    ]);
    await moto.createBucket(BUCKET);
    await moto.createBucket(SUPPORT_BUCKET);
    await moto.put(BUCKET, 'gitlab-support/broken/fine.log', 'copied\n');
    await moto.put(BUCKET, 'gitlab-support/broken/never.bin', Buffer.alloc(10 * MB, 5));
    await moto.put(BUCKET, 'gitlab-support/closed/kept.log', 'copied before the note\n');
    const s3 = createS3Client({ ...world.config.s3, endpoint: moto.server.url });
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Key?: string; PartNumber?: number };
        if (
          context.commandName === 'UploadPartCommand' &&
          input.Key?.endsWith('never.bin') &&
          input.PartNumber === 2
        ) {
          brokenParts += 1;
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        }
        return next(args);
      },
      { step: 'build', name: 'breakSecondPartForTest' },
    );
    const config = {
      ...world.config,
      s3: { ...world.config.s3, endpoint: moto.server.url, supportBucket: SUPPORT_BUCKET },
    };
    const deps = createActivityDeps(config);
    ({ worker, taskQueue } = await createTestWorker(
      env,
      createActivities({ ...deps, files: { s3, supportBucket: SUPPORT_BUCKET } }),
    ));
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await Promise.all([env?.teardown(), world?.close(), moto?.close()]);
  });

  test('A5: its retries spent, the copy’s multipart upload is aborted and the note names the failure', async () => {
    const ticketId = await world.createTicket(globexAllianceTicket());
    const { workflowId } = await startFileRetrieval(
      env.client,
      { ticketId, accountId: GLOBEX, prefix: 'broken/' },
      taskQueue,
    );
    const result = (await env.client.workflow.getHandle(workflowId).result()) as FileRetrievalResult;

    expect(result.files.map((f) => f.sourceKey)).toEqual(['gitlab-support/broken/fine.log']);
    expect(result.failed).toEqual([
      {
        key: 'gitlab-support/broken/never.bin',
        error: expect.stringMatching(/^NetworkError: S3 UploadPart failed/),
      },
    ]);
    expect(brokenParts).toBe(5); // one per attempt of the copy's retry policy
    const open = await moto.s3.send(new ListMultipartUploadsCommand({ Bucket: SUPPORT_BUCKET }));
    expect(open.Uploads ?? []).toEqual([]);
    const copy = await moto.s3
      .send(
        new HeadObjectCommand({
          Bucket: SUPPORT_BUCKET,
          Key: `tickets/${ticketId}/partner-s3/broken/never.bin`,
        }),
      )
      .catch((err: { name?: string }) => err.name);
    expect(copy).toBe('NotFound');
    const notes = (await world.comments(ticketId)).filter((c) => !c.public).map((c) => c.body);
    expect(notes).toEqual([
      expect.stringMatching(/Failed \(1\):\n- gitlab-support\/broken\/never\.bin: NetworkError/),
    ]);
  });

  test('A5: the ticket closed before its note, the files are copied and the result says why no note was written', async () => {
    const ticketId = await world.createTicket(globexAllianceTicket());
    await world.updateTicket(ticketId, { status: 'closed' });
    const { workflowId } = await startFileRetrieval(
      env.client,
      { ticketId, accountId: GLOBEX, prefix: 'closed/' },
      taskQueue,
    );
    const result = (await env.client.workflow.getHandle(workflowId).result()) as FileRetrievalResult;

    expect(result.state).toBe('completed');
    expect(result.files.map((f) => f.sourceKey)).toEqual(['gitlab-support/closed/kept.log']);
    expect({ noteWritten: result.noteWritten, noteRefused: result.noteRefused }).toEqual({
      noteWritten: false,
      noteRefused: expect.stringMatching(/TicketClosed: .*the ticket is closed/),
    });
    expect((await world.comments(ticketId)).filter((c) => !c.public)).toEqual([]);
  });
});
