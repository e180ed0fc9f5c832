import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { CopyCheckpoint } from '../../activities/files/copy-checkpoint';
import { startFileRetrieval } from '../support/file-retrieval';
import type { FileRetrievalInput, FileRetrievalResult } from '../../workflows/file-retrieval/types';
import { freePort, startChild, type RunningChild } from '../support/child-process';
import { compiledEnvironment } from '../support/compiled-build';
import { eventually } from '../support/eventually';
import { startMoto, type MotoHarness } from '../support/moto';
import { globexAllianceTicket, startSimulatedWorld, type SimulatedWorld } from '../support/simulated-world';
import { startDevServerEnvironment } from '../support/temporal';

/**
 * A5 with a 200 MB object, the activities in a worker child process (test/support/activity-
 * worker-process.ts) and the workflow on a worker in this process, on a dev server with the
 * simulators and moto: the copy's memory stays bounded (the child's RSS sampled, and its peak read
 * from /proc), and a worker killed with SIGKILL mid-copy is replaced by one that continues the
 * multipart upload from the heartbeat details, leaving one intact copy and no open upload.
 */
const GLOBEX = '001000000000003AAA'; // Alliance, globex-support-files / gitlab-support/
const BUCKET = 'globex-support-files';
const SUPPORT_BUCKET = 'partner-support-files-crash';
const MB = 1024 * 1024;
const BIG = 200 * MB;
const BIG_KEY = 'gitlab-support/crash/dump-200mb.bin';

/** 200 MB generated a megabyte at a time (never held whole), each megabyte distinct; its SHA-256. */
function generated(size: number): { stream: Readable; sha256: () => string } {
  const hash = createHash('sha256');
  let digest: string | undefined;
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let offset = 0; offset < size; offset += MB) {
      const chunk = Buffer.alloc(Math.min(MB, size - offset), offset / MB);
      for (let i = 0; i + 4 <= chunk.length; i += 4096) chunk.writeUInt32BE(offset + i, i);
      hash.update(chunk);
      yield chunk;
    }
    digest = hash.digest('hex');
  }
  return {
    stream: Readable.from(chunks()),
    sha256: () => {
      if (!digest) throw new Error('not streamed yet');
      return digest;
    },
  };
}

/** A process's resident memory (VmRSS) or its peak since the last reset (VmHWM), in bytes (Linux /proc). */
const memory = (pid: number, field: 'VmRSS' | 'VmHWM'): number =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) *
  1024;

describe('A5 retrieval of a 200 MB object, activities in a child worker (dev server, simulators, moto)', () => {
  let env: TestWorkflowEnvironment;
  let world: SimulatedWorld;
  let moto: MotoHarness;
  let workflows: Worker;
  let running: Promise<void>;
  let variables: Record<string, string>;
  let bigSha256: string;
  const children: RunningChild[] = [];

  const startActivityWorker = async (): Promise<RunningChild> => {
    const child = startChild(
      'activity worker',
      ['--import', 'tsx', path.join(__dirname, '..', 'support', 'activity-worker-process.ts')],
      variables,
    );
    children.push(child);
    try {
      await eventually(() => child.output().includes('activity worker ready'), { timeoutMs: 60_000 });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${child.output()}`);
    }
    return child;
  };
  const retrieve = async (input: FileRetrievalInput) => {
    const { workflowId } = await startFileRetrieval(env.client, input, variables.TEMPORAL_TASK_QUEUE);
    return env.client.workflow.getHandle(workflowId);
  };
  const sha256Of = async (key: string): Promise<string> => {
    const got = await moto.s3.send(new GetObjectCommand({ Bucket: SUPPORT_BUCKET, Key: key }));
    const hash = createHash('sha256');
    for await (const chunk of got.Body as Readable) hash.update(chunk as Buffer);
    return hash.digest('hex');
  };

  beforeAll(async () => {
    [env, world, moto] = await Promise.all([startDevServerEnvironment(), startSimulatedWorld(), startMoto()]);
    await moto.createBucket(BUCKET);
    await moto.createBucket(SUPPORT_BUCKET);
    await moto.put(BUCKET, 'gitlab-support/warm-up/small.log', 'warm up\n');
    const big = generated(BIG);
    await new Upload({ client: moto.s3, params: { Bucket: BUCKET, Key: BIG_KEY, Body: big.stream } }).done();
    bigSha256 = big.sha256();
    variables = {
      ...compiledEnvironment(env, world.config, { taskQueuePrefix: 'a5-crash', httpPort: await freePort() }),
      S3_ENDPOINT: moto.server.url,
      SUPPORT_BUCKET,
    };
    // The workflows only: every activity task goes to the child process.
    workflows = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue: variables.TEMPORAL_TASK_QUEUE,
      workflowsPath: require.resolve('../../workflows'),
    });
    running = workflows.run();
  }, 180_000);

  afterAll(async () => {
    await Promise.all(children.map((child) => child.stop()));
    workflows?.shutdown();
    await running;
    await Promise.all([env?.teardown(), world?.close(), moto?.close()]);
  });

  test('A5: a 200 MB object is copied with the worker’s memory growing by less than 100 MB', async () => {
    const child = await startActivityWorker();
    const pid = child.process.pid as number;
    // Warm up (modules, clients, connections), then measure from a settled baseline.
    const warmUp = await retrieve({
      ticketId: await world.createTicket(globexAllianceTicket()),
      accountId: GLOBEX,
      prefix: 'warm-up/',
    });
    expect(((await warmUp.result()) as FileRetrievalResult).files).toHaveLength(1);
    const baseline = memory(pid, 'VmRSS');
    writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
    let sampledPeak = baseline;
    const sampler = setInterval(() => {
      sampledPeak = Math.max(sampledPeak, memory(pid, 'VmRSS'));
    }, 50);
    const ticketId = await world.createTicket(globexAllianceTicket());
    let result: FileRetrievalResult;
    try {
      result = (await (
        await retrieve({ ticketId, accountId: GLOBEX, prefix: 'crash/' })
      ).result()) as FileRetrievalResult;
    } finally {
      clearInterval(sampler);
    }
    const growth = Math.max(sampledPeak, memory(pid, 'VmHWM')) - baseline;
    expect(result.files).toEqual([
      expect.objectContaining({ sourceKey: BIG_KEY, size: BIG, sha256: bigSha256, copied: true }),
    ]);
    expect(await sha256Of(result.files[0].key)).toBe(bigSha256);
    expect({ growthMB: Math.round(growth / MB), under: growth < 100 * MB }).toEqual({
      growthMB: expect.any(Number),
      under: true,
    });
    await child.stop();
  }, 180_000);

  test('A5: the worker killed (SIGKILL) mid-copy; another continues the upload from its heartbeat, leaving one intact copy', async () => {
    const first = await startActivityWorker();
    const ticketId = await world.createTicket(globexAllianceTicket());
    const handle = await retrieve({
      ticketId,
      accountId: GLOBEX,
      prefix: 'crash/',
      copyHeartbeatTimeoutSeconds: 5,
    });
    let checkpoint: CopyCheckpoint | undefined;
    await eventually(
      async () => {
        const { raw } = await handle.describe();
        const copy = raw.pendingActivities?.find((a) => a.activityType?.name === 'copyPartnerObject');
        const details = copy?.heartbeatDetails?.payloads?.[0];
        checkpoint = details ? defaultPayloadConverter.fromPayload<CopyCheckpoint>(details) : undefined;
        return (checkpoint?.parts?.length ?? 0) >= 1;
      },
      { timeoutMs: 60_000, intervalMs: 50 },
    );
    first.process.kill('SIGKILL');
    await first.stop();
    expect(checkpoint).toMatchObject({
      key: `tickets/${ticketId}/partner-s3/crash/dump-200mb.bin`,
      uploadId: expect.any(String),
    });

    await startActivityWorker();
    const result = (await handle.result()) as FileRetrievalResult;
    const [file] = result.files;
    expect(result.failed).toEqual([]);
    expect(file).toMatchObject({ sourceKey: BIG_KEY, size: BIG, sha256: bigSha256, copied: true });
    // Continued, not restarted: the parts uploaded before the kill were kept.
    expect(file.resumedBytes).toBeGreaterThanOrEqual(
      (checkpoint?.parts?.length ?? 0) * (checkpoint?.partSize ?? 0),
    );
    expect(await sha256Of(file.key)).toBe(bigSha256);
    const listed = await moto.s3.send(
      new ListObjectsV2Command({ Bucket: SUPPORT_BUCKET, Prefix: `tickets/${ticketId}/` }),
    );
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual([file.key]);
    const open = await moto.s3.send(new ListMultipartUploadsCommand({ Bucket: SUPPORT_BUCKET }));
    expect((open.Uploads ?? []).filter((u) => u.Key === file.key)).toEqual([]);
  }, 240_000);
});
