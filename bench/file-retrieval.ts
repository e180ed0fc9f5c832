/**
 * A5 file retrieval benchmark (not a test): throughput of our copy activity (copyPartnerObject:
 * streamed parts with SHA-256 and MD5, per-part checksums, the checkpoint, the verification HEAD
 * and the SHA-256 tag) against the floor, a bare GetObject body piped into lib-storage's Upload,
 * on one moto server in the same run, rounds alternating which goes first. Writes
 * bench/results/file-retrieval.json and appends a dated section to bench/results.md.
 *
 *   npm run bench:files -- --objects 2 --size-mb 100 --rounds 3
 */
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { format, resolveConfig } from 'prettier';
import { createFileActivities, type PartnerObject } from '../activities/files';
import { createS3Client } from '../activities/files/s3-client';
import { startMotoS3 } from '../simulators/moto-s3';
import { freePort } from '../test/support/child-process';
import { wholeNumberOption } from './support/options';

const MB = 1024 * 1024;
const TARGET_RATIO = 0.8;
const PARTNER = 'bench-partner';
const SUPPORT = 'bench-support';
const FLOOR = 'bench-floor';
const PREFIX = 'partner/';

interface Options {
  objects: number;
  sizeMb: number;
  rounds: number;
  partMb: number;
  json: string;
  markdown: string;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      objects: { type: 'string', default: '2' },
      'size-mb': { type: 'string', default: '100' },
      rounds: { type: 'string', default: '3' },
      'part-mb': { type: 'string', default: '8' },
      json: { type: 'string', default: path.join(__dirname, 'results', 'file-retrieval.json') },
      results: { type: 'string', default: path.join(__dirname, 'results.md') },
    },
  });
  return {
    objects: wholeNumberOption('objects', values.objects, 1),
    sizeMb: wholeNumberOption('size-mb', values['size-mb'], 1),
    rounds: wholeNumberOption('rounds', values.rounds, 1),
    partMb: wholeNumberOption('part-mb', values['part-mb'], 5),
    json: values.json as string,
    markdown: values.results as string,
  };
}

/** `size` bytes generated a megabyte at a time, each megabyte distinct. */
function generated(size: number, seed: number): Readable {
  return Readable.from(
    (function* chunks() {
      for (let offset = 0; offset < size; offset += MB) {
        const chunk = Buffer.alloc(Math.min(MB, size - offset), seed + offset / MB);
        for (let i = 0; i + 4 <= chunk.length; i += 4096) chunk.writeUInt32BE(offset + i, i);
        yield chunk;
      }
    })(),
  );
}

interface Round {
  round: number;
  first: 'ours' | 'floor';
  oursMBps: number;
  floorMBps: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function timed(bytes: number, work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return bytes / MB / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const options = readOptions();
  const size = options.sizeMb * MB;
  const partSize = options.partMb * MB;
  const moto = await startMotoS3({ port: await freePort() });
  const s3: S3Client = createS3Client({
    endpoint: moto.url,
    region: 'us-east-1',
    accessKeyId: 'bench',
    secretAccessKey: 'bench',
    forcePathStyle: true,
  });
  try {
    for (const bucket of [PARTNER, SUPPORT, FLOOR])
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const objects: PartnerObject[] = [];
    for (let i = 0; i < options.objects; i += 1) {
      const key = `${PREFIX}object-${i}.bin`;
      await new Upload({
        client: s3,
        params: { Bucket: PARTNER, Key: key, Body: generated(size, i) },
      }).done();
      const head = await s3.send(new HeadObjectCommand({ Bucket: PARTNER, Key: key }));
      objects.push({ key, size, etag: (head.ETag ?? '').replace(/"/g, '') });
    }
    const files = createFileActivities({ s3, supportBucket: SUPPORT, partSizeBytes: partSize, queueSize: 2 });
    const total = size * objects.length;

    /** Our activity, as the worker runs it (without Temporal: no heartbeats are sent). */
    const ours = async (round: number): Promise<number> =>
      timed(total, async () => {
        for (const object of objects) {
          const copy = await files.copyPartnerObject({
            ticketId: 1000 + round,
            bucket: PARTNER,
            partnerPrefix: PREFIX,
            object,
          });
          if (!copy.copied || copy.size !== size) throw new Error(`ours: ${object.key} not copied`);
        }
      }).finally(async () => {
        for (const object of objects) {
          const key = `tickets/${1000 + round}/partner-s3/${object.key.slice(PREFIX.length)}`;
          await s3.send(new DeleteObjectCommand({ Bucket: SUPPORT, Key: key }));
        }
      });
    /** The floor: GetObject's body straight into a multipart Upload, same part size and parallelism, no checks. */
    const floor = async (): Promise<number> =>
      timed(total, async () => {
        for (const object of objects) {
          const got = await s3.send(new GetObjectCommand({ Bucket: PARTNER, Key: object.key }));
          await new Upload({
            client: s3,
            partSize,
            queueSize: 2,
            params: { Bucket: FLOOR, Key: object.key, Body: got.Body as Readable },
          }).done();
        }
      }).finally(async () => {
        for (const object of objects)
          await s3.send(new DeleteObjectCommand({ Bucket: FLOOR, Key: object.key }));
      });

    // One unmeasured round warms moto, the connections and the JIT for both paths.
    await ours(0);
    await floor();
    const rounds: Round[] = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      const first = round % 2 === 1 ? 'ours' : 'floor';
      let oursMBps: number;
      let floorMBps: number;
      if (first === 'ours') {
        oursMBps = await ours(round);
        floorMBps = await floor();
      } else {
        floorMBps = await floor();
        oursMBps = await ours(round);
      }
      rounds.push({ round, first, oursMBps, floorMBps });
      process.stdout.write(
        `round ${round}: ours ${oursMBps.toFixed(1)} MiB/s, floor ${floorMBps.toFixed(1)} MiB/s\n`,
      );
    }
    await report(options, rounds);
  } finally {
    s3.destroy();
    await moto.close();
  }
}

async function report(options: Options, rounds: Round[]): Promise<void> {
  const oursMBps = median(rounds.map((r) => r.oursMBps));
  const floorMBps = median(rounds.map((r) => r.floorMBps));
  const ratio = oursMBps / floorMBps;
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${osType()} ${release()}`;
  const command = `npm run bench:files -- --objects ${options.objects} --size-mb ${options.sizeMb} --rounds ${options.rounds} --part-mb ${options.partMb}`;
  const at = new Date().toISOString();
  const figures = {
    at,
    machine,
    node: process.version,
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
    command,
    options: {
      objects: options.objects,
      sizeMb: options.sizeMb,
      rounds: options.rounds,
      partMb: options.partMb,
    },
    oursMBps: Number(oursMBps.toFixed(1)),
    floorMBps: Number(floorMBps.toFixed(1)),
    ratio: Number(ratio.toFixed(2)),
    target: TARGET_RATIO,
    metTarget: ratio >= TARGET_RATIO,
    rounds: rounds.map((r) => ({
      ...r,
      oursMBps: Number(r.oursMBps.toFixed(1)),
      floorMBps: Number(r.floorMBps.toFixed(1)),
    })),
  };
  await mkdir(path.dirname(options.json), { recursive: true });
  await writeFile(options.json, `${JSON.stringify(figures, null, 2)}\n`);
  const section = [
    `## A5 file retrieval — ${at}`,
    '',
    `- Machine: ${machine}; load average ${figures.loadAverage.join(', ')} at the end`,
    `- Node ${process.version}; moto_server (in-memory S3) on loopback; ${options.objects} × ${options.sizeMb} MiB objects, parts of ${options.partMb} MiB, 2 uploading at once`,
    `- Command: \`${command}\``,
    '',
    '| Path | MiB/s (median of rounds) |',
    '| --- | ---: |',
    `| ours: copyPartnerObject (checksums, checkpoint, verification) | ${figures.oursMBps} |`,
    `| floor: GetObject → lib-storage Upload | ${figures.floorMBps} |`,
    '',
    `Ours / floor: **${figures.ratio}** (target ≥ ${TARGET_RATIO}); rounds: ${figures.rounds
      .map((r) => `${r.oursMBps}/${r.floorMBps}`)
      .join(', ')} MiB/s.`,
    '',
  ].join('\n');
  const header = existsSync(options.markdown) ? '' : '# Benchmark results\n\n';
  await appendFile(options.markdown, `${header}${section}\n`);
  const text = await readFile(options.markdown, 'utf8');
  const style = (await resolveConfig(options.markdown)) ?? {};
  await writeFile(options.markdown, await format(text, { ...style, parser: 'markdown' }));
  process.stdout.write(`${section}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
