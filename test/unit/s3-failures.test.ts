import { s3Failure } from '../../activities/files/failures';

/** S3 SDK errors as the client throws them: a name and the HTTP status in $metadata. */
const sdkError = (name: string, status?: number) =>
  Object.assign(new Error(name), { name, $metadata: status === undefined ? {} : { httpStatusCode: status } });

describe('A5: S3 failures through activities/errors.ts', () => {
  test.each([
    ['NoSuchBucket', 404, 'NotFound'],
    ['NoSuchKey', 404, 'NotFound'],
    ['AccessDenied', 403, 'AuthenticationFailed'],
    ['InvalidAccessKeyId', 403, 'AuthenticationFailed'],
    ['PreconditionFailed', 412, 'SourceChanged'],
  ])('%s (HTTP %i) is not retried', (name, status, type) => {
    expect(s3Failure('GetObject', sdkError(name, status))).toMatchObject({ type, nonRetryable: true });
  });

  test.each([
    ['InternalError', 500, 'ServiceUnavailable'],
    ['SlowDown', 503, 'ServiceUnavailable'],
    ['TooManyRequests', 429, 'RateLimited'],
    // The part's bytes did not match the checksum sent with them: corrupted on the way.
    ['BadDigest', 400, 'ServiceUnavailable'],
    // The upload being continued is gone: the next attempt starts a new one.
    ['NoSuchUpload', 404, 'ServiceUnavailable'],
  ])('%s (HTTP %i) is retried', (name, status, type) => {
    expect(s3Failure('PutObject', sdkError(name, status))).toMatchObject({ type, nonRetryable: false });
  });

  test('no answer at all (connection refused) is a retryable network error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(s3Failure('ListObjectsV2', refused)).toMatchObject({ type: 'NetworkError', nonRetryable: false });
  });

  test("the SDK's own response checksum check failing is a verification failure, retried", () => {
    const mismatch = new Error(
      'Checksum mismatch: expected "abc=" but received "def=" in response header "x-amz-checksum-sha256".',
    );
    expect(s3Failure('GetObject (body)', mismatch)).toMatchObject({
      type: 'CopyVerificationFailed',
      nonRetryable: false,
    });
  });
});
