import { S3Client } from '@aws-sdk/client-s3';
import type { AppConfig } from '../../config';

/**
 * The S3 client of the file activities. Path-style addressing and checksums only when required:
 * local S3 servers (moto, MinIO) serve neither virtual-hosted buckets nor every flexible-checksum
 * header the SDK sends by default; real S3 accepts both settings.
 */
export function createS3Client(
  config: Pick<AppConfig['s3'], 'endpoint' | 'region' | 'accessKeyId' | 'secretAccessKey' | 'forcePathStyle'>,
): S3Client {
  return new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
