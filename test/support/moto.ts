import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../activities/files/s3-client';
import { startMotoS3, type RunningS3 } from '../../simulators/moto-s3';
import { freePort } from './child-process';

export interface MotoHarness {
  s3: S3Client;
  server: RunningS3;
  createBucket(name: string): Promise<void>;
  put(bucket: string, key: string, body: string | Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/**
 * moto's S3 server on a free port. The port is free when probed and taken by moto a second later:
 * tests starting servers in parallel can take it in between ("Address already in use"), and
 * another port is tried then.
 */
export async function startMotoOnFreePort(): Promise<RunningS3> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startMotoS3({ port: await freePort() });
    } catch (err) {
      if (attempt >= 3 || !/Address already in use/.test((err as Error).message)) throw err;
    }
  }
}

/** moto's S3 server on a free port, and the file activities' own S3 client pointed at it. */
export async function startMoto(): Promise<MotoHarness> {
  const server = await startMotoOnFreePort();
  const s3 = createS3Client({
    endpoint: server.url,
    region: 'us-east-1',
    accessKeyId: 'test-access-key',
    secretAccessKey: 'test-secret-key',
    forcePathStyle: true,
  });
  return {
    s3,
    server,
    createBucket: async (name) => {
      await s3.send(new CreateBucketCommand({ Bucket: name }));
    },
    put: async (bucket, key, body) => {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      // A known length: an empty body is otherwise taken for a stream of unknown length.
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentLength: bytes.byteLength }),
      );
    },
    close: async () => {
      s3.destroy();
      await server.close();
    },
  };
}
