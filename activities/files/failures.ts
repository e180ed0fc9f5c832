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
};

/** An S3 SDK error through activities/errors.ts: missing bucket or access denied fail fast; 5xx and network errors retry. */
export function s3Failure(operation: string, err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const e = (err ?? {}) as S3ServiceError;
  const status = e.$metadata?.httpStatusCode;
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
