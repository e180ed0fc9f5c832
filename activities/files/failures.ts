import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes, httpFailure, networkFailure } from '../errors';

const SYSTEM = 'S3';

interface S3ServiceError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** S3 error names that no retry fixes, whatever status the server answered with. */
const PERMANENT: Record<string, string> = {
  NoSuchBucket: FailureTypes.notFound,
  NoSuchKey: FailureTypes.notFound,
  AccessDenied: FailureTypes.authentication,
  InvalidAccessKeyId: FailureTypes.authentication,
  SignatureDoesNotMatch: FailureTypes.authentication,
  // If-Match no longer holds: the partner replaced the object since it was listed.
  PreconditionFailed: 'SourceChanged',
};

/**
 * Errors that another attempt can repair although S3 answers 4xx: the bytes it received did not
 * match the checksum sent with them (corrupted on the way), the body stream broke off.
 */
const TRANSIENT = new Set([
  'BadDigest',
  'InvalidDigest',
  'XAmzContentSHA256Mismatch',
  'RequestTimeout',
  'IncompleteBody',
  // The multipart upload being continued is gone (aborted, expired): the next attempt starts anew.
  'NoSuchUpload',
]);

/** Copy outcomes of our own (not S3 errors): the check after writing failed, a key was refused. */
export const CopyFailureTypes = {
  verificationFailed: 'CopyVerificationFailed',
  unsafeKey: 'UnsafeKey',
} as const;

/** An S3 SDK error through activities/errors.ts: missing bucket or access denied fail fast; 5xx and network errors retry. */
export function s3Failure(operation: string, err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const e = (err ?? {}) as S3ServiceError;
  const status = e.$metadata?.httpStatusCode;
  // The SDK's own check of a response's x-amz-checksum-* (GetObject with ChecksumMode) fails
  // with a plain Error at the end of the body: the bytes read were not the object's.
  if (status === undefined && /checksum mismatch/i.test(e.message ?? '')) {
    return ApplicationFailure.retryable(
      `${SYSTEM} ${operation}: ${e.message ?? 'checksum mismatch'}`,
      CopyFailureTypes.verificationFailed,
    );
  }
  if (e.name && TRANSIENT.has(e.name)) {
    return ApplicationFailure.retryable(
      `${SYSTEM} ${operation} failed: ${e.name}`,
      FailureTypes.unavailable,
      {
        system: SYSTEM,
        operation,
        status,
      },
    );
  }
  const type = e.name ? PERMANENT[e.name] : undefined;
  if (type !== undefined) {
    return ApplicationFailure.nonRetryable(`${SYSTEM} ${operation} failed: ${e.name}`, type, {
      system: SYSTEM,
      operation,
      status,
    });
  }
  // No HTTP status: the request never got an answer (refused, reset, timed out).
  if (status === undefined) return networkFailure(SYSTEM, operation, err);
  return httpFailure({ system: SYSTEM, operation, status, detail: e.name });
}

/** One S3 call, its failure classified (above) so that the activity retries or fails as it should. */
export async function s3Call<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw s3Failure(operation, err);
  }
}
