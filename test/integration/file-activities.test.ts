import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createFileActivities, type CopiedFile, type PartnerObject } from '../../activities/files';
import type { CopyCheckpoint } from '../../activities/files/copy-checkpoint';
import { createS3Client } from '../../activities/files/s3-client';
import { isFolderMarker } from '../../domain/support-files';
import { startMoto, type MotoHarness } from '../support/moto';

const PARTNER_BUCKET = 'globex-support-files';
const SUPPORT_BUCKET = 'partner-support-files-test';
const PREFIX = 'gitlab-support/';
const TICKET = 4242;
const MB = 1024 * 1024;

/** ~200 objects: zero-byte, unicode, nested, and two larger than a part. */
function partnerFiles(): Array<{ key: string; body: Buffer }> {
  const files: Array<{ key: string; body: Buffer }> = [];
  for (let i = 0; i < 190; i += 1) {
    files.push({
      key: `${PREFIX}logs/run-${String(i).padStart(3, '0')}.log`,
      body: Buffer.from(`line ${i}\n`.repeat(i)),
    });
  }
  files.push({ key: `${PREFIX}empty.txt`, body: Buffer.alloc(0) });
  files.push({ key: `${PREFIX}folder/`, body: Buffer.alloc(0) });
  files.push({ key: `${PREFIX}données/résumé été.txt`, body: Buffer.from('unicode ✓') });
  files.push({ key: `${PREFIX}日本/ログ/😀 emoji.log`, body: Buffer.from('nested unicode') });
  files.push({ key: `${PREFIX}a/b/c/d/e/deep.json`, body: Buffer.from('{"deep":true}') });
  files.push({ key: `${PREFIX}big/twelve.bin`, body: Buffer.alloc(12 * MB, 7) });
  files.push({ key: `${PREFIX}big/ten-exact.bin`, body: Buffer.alloc(10 * MB, 3) });
  return files;
}

const sha256 = (body: Buffer): string => createHash('sha256').update(body).digest('hex');

async function listAll(
  activities: ReturnType<typeof createFileActivities>,
  prefix: string,
): Promise<PartnerObject[]> {
  const objects: PartnerObject[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await activities.listPartnerObjects({
      bucket: PARTNER_BUCKET,
      prefix,
      continuationToken: token,
      maxKeys: 50,
    });
    objects.push(...page.objects);
    token = page.nextContinuationToken;
    pages += 1;
  } while (token);
  expect(pages).toBeGreaterThan(1);
  return objects;
}

describe('A5 file activities against moto', () => {
  let moto: MotoHarness;
  let activities: ReturnType<typeof createFileActivities>;
  const files = partnerFiles();

  beforeAll(async () => {
    moto = await startMoto();
    await moto.createBucket(PARTNER_BUCKET);
    await moto.createBucket(SUPPORT_BUCKET);
    for (const file of files) await moto.put(PARTNER_BUCKET, file.key, file.body);
    await moto.put(PARTNER_BUCKET, 'gitlab-support-private/secret.txt', 'not theirs');
    await moto.put(PARTNER_BUCKET, `${PREFIX}../escape.txt`, 'traversal');
    activities = createFileActivities({ s3: moto.s3, supportBucket: SUPPORT_BUCKET, partSizeBytes: 5 * MB });
  });

  afterAll(async () => {
    await moto?.close();
  });

  test('lists the prefix page by page, copies every object streamed and checksummed, and a re-run copies nothing', async () => {
    const listed = await listAll(activities, PREFIX);
    expect(listed.map((o) => o.key).sort()).toEqual(
      [...files.map((f) => f.key), `${PREFIX}../escape.txt`].sort(),
    );
    // The workflow leaves out folder markers and refused keys before copying (see the next tests).
    const safe = listed.filter((o) => !o.key.includes('..') && !isFolderMarker(o));

    const env = new MockActivityEnvironment();
    const heartbeats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => heartbeats.push(details));
    const copied: CopiedFile[] = [];
    for (const object of safe) {
      copied.push(
        await env.run(activities.copyPartnerObject, {
          ticketId: TICKET,
          bucket: PARTNER_BUCKET,
          partnerPrefix: PREFIX,
          object,
        }),
      );
    }
    const bySource = new Map(copied.map((c) => [c.sourceKey, c]));
    for (const file of files.filter((f) => !isFolderMarker({ key: f.key, size: f.body.length }))) {
      const copy = bySource.get(file.key);
      expect(copy).toMatchObject({
        key: `tickets/${TICKET}/partner-s3/${file.key.slice(PREFIX.length)}`,
        size: file.body.length,
        sha256: sha256(file.body),
        copied: true,
      });
    }
    // Progress in bytes and the multipart checkpoint (upload id, parts done) of the 12 MB object.
    const twelve = heartbeats.filter(
      (h): h is CopyCheckpoint => (h as CopyCheckpoint).key === `tickets/${TICKET}/partner-s3/big/twelve.bin`,
    );
    // Parts upload side by side and finish in any order: progress comes before the end, and the
    // checkpoint lists the parts done from the first on (part 1 may well be the last to finish).
    expect(twelve.some((h) => h.bytesCopied > 0 && h.bytesCopied < 12 * MB)).toBe(true);
    expect(twelve.find((h) => (h.parts?.length ?? 0) > 0)).toMatchObject({
      uploadId: expect.any(String),
      partSize: 5 * MB,
      parts: expect.arrayContaining([{ partNumber: 1, etag: expect.stringMatching(/^[0-9a-f]{32}$/) }]),
    });
    expect(heartbeats).toContainEqual(expect.objectContaining({ bytesCopied: 12 * MB }));

    const [link] = await activities.presignSupportFiles({
      keys: [bySource.get(`${PREFIX}données/résumé été.txt`)!.key],
      expiresInSeconds: 300,
    });
    expect(link).toContain('X-Amz-Expires=300');
    expect(await (await fetch(link)).text()).toBe('unicode ✓');

    const again = await Promise.all(
      safe.map((object) =>
        activities.copyPartnerObject({
          ticketId: TICKET,
          bucket: PARTNER_BUCKET,
          partnerPrefix: PREFIX,
          object,
        }),
      ),
    );
    expect(again.filter((c) => c.copied)).toEqual([]);
    expect(again.map((c) => c.sha256)).toEqual(safe.map((o) => bySource.get(o.key)!.sha256));
  });

  test('a changed source object is copied again', async () => {
    const key = `${PREFIX}changing.txt`;
    await moto.put(PARTNER_BUCKET, key, 'first');
    const [first] = (await activities.listPartnerObjects({ bucket: PARTNER_BUCKET, prefix: key })).objects;
    await activities.copyPartnerObject({
      ticketId: TICKET,
      bucket: PARTNER_BUCKET,
      partnerPrefix: PREFIX,
      object: first,
    });
    await moto.put(PARTNER_BUCKET, key, 'second');
    const [second] = (await activities.listPartnerObjects({ bucket: PARTNER_BUCKET, prefix: key })).objects;
    const copy = await activities.copyPartnerObject({
      ticketId: TICKET,
      bucket: PARTNER_BUCKET,
      partnerPrefix: PREFIX,
      object: second,
    });
    expect(copy).toMatchObject({ copied: true, sha256: sha256(Buffer.from('second')) });
  });

  test('keys escaping the prefix are refused, not copied', async () => {
    const [traversal] = (
      await activities.listPartnerObjects({ bucket: PARTNER_BUCKET, prefix: `${PREFIX}../` })
    ).objects;
    expect(traversal.key).toBe(`${PREFIX}../escape.txt`);
    for (const object of [traversal, { key: 'gitlab-support-private/secret.txt', size: 10, etag: 'x' }]) {
      const failure = await activities
        .copyPartnerObject({ ticketId: TICKET, bucket: PARTNER_BUCKET, partnerPrefix: PREFIX, object })
        .catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'UnsafeKey', nonRetryable: true });
    }
  });

  test('a missing bucket fails without retries', async () => {
    const failure = await activities
      .listPartnerObjects({ bucket: 'no-such-bucket', prefix: '' })
      .catch((err: unknown) => err);
    expect(failure).toMatchObject({ type: 'NotFound', nonRetryable: true });
  });

  test('a server that does not answer is retried', async () => {
    const down = createFileActivities({
      s3: createS3Client({
        endpoint: 'http://127.0.0.1:1',
        region: 'us-east-1',
        accessKeyId: 'a',
        secretAccessKey: 'b',
        forcePathStyle: true,
      }),
      supportBucket: SUPPORT_BUCKET,
    });
    const failure = await down
      .listPartnerObjects({ bucket: PARTNER_BUCKET, prefix: '' })
      .catch((err: unknown) => err);
    expect(failure).toMatchObject({ type: 'NetworkError', nonRetryable: false });
  });
});
