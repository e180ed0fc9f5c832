import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '../../activities/errors';
import { zendeskRequest } from '../../activities/zendesk/request';

/** node-zendesk's outcomes, as its 6.x transport produces them (see request.ts), classified. */
const response = (status: number, headers: Record<string, string> = {}) => ({
  status,
  headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
});
const nodeZendeskError = (statusCode: number, result: unknown) =>
  Object.assign(new Error(`Zendesk Error (${statusCode})`), { statusCode, result });

async function failure(send: () => Promise<unknown>): Promise<ApplicationFailure> {
  const err = await zendeskRequest('tickets.show', send).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('zendeskRequest', () => {
  test('a success passes the status and result through', async () => {
    await expect(
      zendeskRequest('tickets.show', async () => ({ response: response(200), result: { id: 1 } })),
    ).resolves.toEqual({ status: 200, result: { id: 1 } });
  });

  test('a resolved Error (node-zendesk on Retry-After) is rate limiting with the header as delay', async () => {
    const f = await failure(async () => ({
      response: response(429, { 'retry-after': '9' }),
      result: nodeZendeskError(429, { error: 'APIRateLimitExceeded' }),
    }));
    expect(f).toMatchObject({ type: FailureTypes.rateLimited, nonRetryable: false, nextRetryDelay: '9s' });
    expect(f.message).toContain('APIRateLimitExceeded');
  });

  test("Zendesk's 422 for a closed ticket is its own final failure; another 422 stays an invalid request", async () => {
    const closed = await failure(async () => {
      throw nodeZendeskError(422, {
        error: 'RecordInvalid',
        description: 'Record validation errors',
        details: { status: [{ description: 'Status: closed prevents ticket update' }] },
      });
    });
    expect(closed).toMatchObject({ type: FailureTypes.ticketClosed, nonRetryable: true });
    const other = await failure(async () => {
      throw nodeZendeskError(422, {
        error: 'RecordInvalid',
        details: { tags: [{ description: 'Tags: invalid' }] },
      });
    });
    expect(other).toMatchObject({ type: FailureTypes.invalidRequest, nonRetryable: true });
  });

  test('a resolved Error on a 503 with Retry-After keeps the 503', async () => {
    const f = await failure(async () => ({
      response: response(503, { 'retry-after': '4' }),
      result: nodeZendeskError(429, {}),
    }));
    expect(f).toMatchObject({ type: FailureTypes.unavailable, nextRetryDelay: '4s' });
  });

  test('a status node-zendesk does not know (502) resolves with the body: still a failure', async () => {
    const f = await failure(async () => ({ response: response(502), result: {} }));
    expect(f).toMatchObject({ type: FailureTypes.unavailable, nonRetryable: false });
  });

  test.each([
    [401, FailureTypes.authentication, true],
    [403, FailureTypes.authentication, true],
    [404, FailureTypes.notFound, true],
    [422, FailureTypes.invalidRequest, true],
    [429, FailureTypes.rateLimited, false],
    [500, FailureTypes.unavailable, false],
  ])('a thrown %i is %s', async (status, type, nonRetryable) => {
    const f = await failure(async () => {
      throw nodeZendeskError(status, { error: 'X', details: { base: [{ description: 'why' }] } });
    });
    expect(f).toMatchObject({ type, nonRetryable });
    expect(f.message).toContain('X: why');
  });

  test('transport errors are retryable network failures; other errors pass through unchanged', async () => {
    const reset = Object.assign(new Error('socket hang up'), { name: 'FetchError', code: 'ECONNRESET' });
    expect(await failure(async () => Promise.reject(reset))).toMatchObject({
      type: FailureTypes.network,
      nonRetryable: false,
    });
    const timeout = Object.assign(new Error('network timeout'), {
      name: 'FetchError',
      type: 'request-timeout',
    });
    expect(await failure(async () => Promise.reject(timeout))).toMatchObject({ type: FailureTypes.network });
    const bug = new TypeError('x is not a function');
    await expect(zendeskRequest('tickets.show', async () => Promise.reject(bug))).rejects.toBe(bug);
  });

  test('a 204 No Content (node-zendesk flags it as an Error) is a success', async () => {
    await expect(
      zendeskRequest('uploads.delete', async () => ({
        response: response(204),
        result: nodeZendeskError(204, null),
      })),
    ).resolves.toEqual({ status: 204, result: undefined });
  });
});
