import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createFileActivities, type PartnerObject } from '../../activities/files';
import type { CopyCheckpoint } from '../../activities/files/copy-checkpoint';
import { createS3Client } from '../../activities/files/s3-client';
import { startMoto, type MotoHarness } from '../support/moto';

/**
 * copyPartnerObject against moto when things go wrong: a part's bytes corrupted on the way (a
 * test-only middleware on the real S3 client alters the body after it was hashed), and an attempt
 * broken off mid-upload, continued by the next attempt from its heartbeat details.
 */
const PARTNER_BUCKET = 'resilience-partner';
const SUPPORT_BUCKET = 'resilience-support';
const PREFIX = 'acme/';
const MB = 1024 * 1024;
/** Expected failures are asserted, not logged. */
const quiet = { logger: new DefaultLogger('ERROR') };
const sha256 = (body: Buffer): string => createHash('sha256').update(body).digest('hex');

/** Distinct bytes per part (a corrupted or misplaced part changes the checksum). */
const patterned = (size: number): Buffer => {
  const body = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4096) body.writeUInt32BE(i, i);
  return body;
};

/** The part of the SDK's HttpRequest a fault touches. */
interface HttpRequest {
  body?: unknown;
}

type Fault = (command: string, input: { Key?: string; PartNumber?: number }, request: HttpRequest) => void;

/** The file activities' own S3 client with a fault injected before each request is signed. */
function faultyClient(moto: MotoHarness, fault: Fault): S3Client {
  const s3 = createS3Client({
    endpoint: moto.server.url,
    region: 'us-east-1',
    accessKeyId: 'test-access-key',
    secretAccessKey: 'test-secret-key',
    forcePathStyle: true,
  });
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      fault(context.commandName ?? '', args.input as { Key?: string }, args.request as HttpRequest);
      return next(args);
    },
    { step: 'build', name: 'injectFaultForTest' },
  );
  return s3;
}

const corrupt = (request: HttpRequest): void => {
  const body = Buffer.from(request.body as Uint8Array);
  body[body.length - 1] ^= 0xff;
  request.body = body;
};

describe('A5 copy: mismatches repaired, broken attempts resumed (moto)', () => {
  let moto: MotoHarness;
  const clients: S3Client[] = [];
  const objects = new Map<string, { object: PartnerObject; body: Buffer }>();

  const put = async (name: string, body: Buffer): Promise<void> => {
    const key = `${PREFIX}${name}`;
    await moto.put(PARTNER_BUCKET, key, body);
    const head = await moto.s3.send(new HeadObjectCommand({ Bucket: PARTNER_BUCKET, Key: key }));
    objects.set(name, {
      object: { key, size: body.length, etag: (head.ETag ?? '').replace(/"/g, '') },
      body,
    });
  };
  const copyInput = (name: string) => ({
    ticketId: 77,
    bucket: PARTNER_BUCKET,
    partnerPrefix: PREFIX,
    object: objects.get(name)!.object,
  });
  const written = async (name: string): Promise<Buffer | undefined> => {
    const got = await moto.s3
      .send(new GetObjectCommand({ Bucket: SUPPORT_BUCKET, Key: `tickets/77/partner-s3/${name}` }))
      .catch(() => undefined);
    return got?.Body ? Buffer.from(await got.Body.transformToByteArray()) : undefined;
  };
  const openUploads = async (): Promise<number> =>
    (await moto.s3.send(new ListMultipartUploadsCommand({ Bucket: SUPPORT_BUCKET }))).Uploads?.length ?? 0;
  const activitiesWith = (fault: Fault, options: { queueSize?: number } = {}) => {
    const s3 = faultyClient(moto, fault);
    clients.push(s3);
    return createFileActivities({ s3, supportBucket: SUPPORT_BUCKET, partSizeBytes: 5 * MB, ...options });
  };

  beforeAll(async () => {
    moto = await startMoto();
    await moto.createBucket(PARTNER_BUCKET);
    await moto.createBucket(SUPPORT_BUCKET);
    await put('small.log', Buffer.from('a small log file\n'.repeat(100)));
    await put('large.bin', patterned(12 * MB + 123));
    await put('always-bad.bin', patterned(6 * MB));
    await put('resumed.bin', patterned(22 * MB + 7));
  });

  afterAll(async () => {
    for (const s3 of clients) s3.destroy();
    await moto?.close();
  });

  test('a part corrupted on the way is detected against S3 and copied again', async () => {
    const corrupted: string[] = [];
    const activities = activitiesWith((command, input, request) => {
      const target = input.Key ?? '';
      if (
        (command === 'UploadPartCommand' || command === 'PutObjectCommand') &&
        !corrupted.includes(target)
      ) {
        if (command === 'UploadPartCommand' && input.PartNumber !== 2) return;
        corrupted.push(target);
        corrupt(request);
      }
    });
    for (const name of ['small.log', 'large.bin']) {
      const { body } = objects.get(name)!;
      const copy = await new MockActivityEnvironment({}, quiet).run(
        activities.copyPartnerObject,
        copyInput(name),
      );
      expect(copy).toMatchObject({ copied: true, size: body.length, sha256: sha256(body) });
      expect(sha256((await written(name)) ?? Buffer.alloc(0))).toBe(sha256(body));
    }
    expect(corrupted).toEqual(['tickets/77/partner-s3/small.log', 'tickets/77/partner-s3/large.bin']);
    expect(await openUploads()).toBe(0);
  });

  test('copies that never match fail non-retryably after three, leaving no object and no parts', async () => {
    let corruptions = 0;
    const activities = activitiesWith((command, _input, request) => {
      if (command === 'UploadPartCommand') {
        corruptions += 1;
        corrupt(request);
      }
    });
    const failure = await new MockActivityEnvironment({}, quiet)
      .run(activities.copyPartnerObject, copyInput('always-bad.bin'))
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'CopyVerificationFailed', nonRetryable: true });
    expect((failure as Error).message).toMatch(/did not match its source after 3 copies: SHA-256 checksum/);
    expect(corruptions).toBe(6); // two parts a copy
    expect(await written('always-bad.bin')).toBeUndefined();
    expect(await openUploads()).toBe(0);
  });

  test('an attempt broken off mid-upload is continued from its heartbeat details, without uploading its parts again', async () => {
    const { body } = objects.get('resumed.bin')!;
    let uploads: number[] = [];
    let breakAt: number | undefined = 3;
    const activities = activitiesWith(
      (command, input) => {
        if (command !== 'UploadPartCommand') return;
        if (input.PartNumber === breakAt)
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        uploads.push(input.PartNumber ?? 0);
      },
      { queueSize: 1 },
    );
    const first = new MockActivityEnvironment({}, quiet);
    const heartbeats: CopyCheckpoint[] = [];
    first.on('heartbeat', (details: CopyCheckpoint) => heartbeats.push(details));
    const failure = await first
      .run(activities.copyPartnerObject, copyInput('resumed.bin'))
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ type: 'NetworkError', nonRetryable: false });
    const last = heartbeats.at(-1)!;
    expect(last).toMatchObject({
      bytesCopied: 10 * MB,
      partSize: 5 * MB,
      parts: [{ partNumber: 1 }, { partNumber: 2 }],
    });
    expect(await openUploads()).toBe(1);

    uploads = [];
    breakAt = undefined;
    const copy = await new MockActivityEnvironment({ heartbeatDetails: last, attempt: 2 }, quiet).run(
      activities.copyPartnerObject,
      copyInput('resumed.bin'),
    );
    expect(copy).toMatchObject({ copied: true, sha256: sha256(body), resumedBytes: 10 * MB });
    expect(uploads).toEqual([3, 4, 5]);
    expect(sha256((await written('resumed.bin')) ?? Buffer.alloc(0))).toBe(sha256(body));
    expect(await openUploads()).toBe(0);
  });
});
