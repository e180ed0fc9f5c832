import { spawn } from 'node:child_process';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { World } from './fixtures/world';
import { motoServerPath } from './local-binaries';

export interface RunningS3 {
  url: string;
  close(): Promise<void>;
}

async function waitUntilServing(url: string, child: ReturnType<typeof spawn>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/moto-api/`);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`moto_server did not start serving ${url} within 30 s`);
}

/** moto's S3 server (installed by scripts/setup.sh), on loopback. */
export async function startMotoS3({
  port,
  host = '127.0.0.1',
}: {
  port: number;
  host?: string;
}): Promise<RunningS3> {
  const child = spawn(motoServerPath(), ['-H', host, '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const url = `http://${host}:${port}`;
  try {
    await waitUntilServing(url, child);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function createBucketIfMissing(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (err) {
    if ((err as { name?: string }).name !== 'BucketAlreadyOwnedByYou') throw err;
  }
}

/** The partners' buckets and files of the fixture world, and the (empty) support bucket. */
export async function seedS3(client: S3Client, world: World, supportBucket?: string): Promise<void> {
  const buckets = [...new Set(world.s3.objects.map((o) => o.bucket))];
  for (const bucket of [...buckets, ...(supportBucket ? [supportBucket] : [])]) {
    await createBucketIfMissing(client, bucket);
  }
  for (const object of world.s3.objects) {
    await client.send(new PutObjectCommand({ Bucket: object.bucket, Key: object.key, Body: object.body }));
  }
}
