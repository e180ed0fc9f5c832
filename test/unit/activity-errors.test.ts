import {
  FailureTypes,
  httpFailure,
  networkFailure,
  passingFailureOf,
  retryAfterSeconds,
  sessionsRefusedFailure,
} from '../../activities/errors';

describe('failure classification', () => {
  test.each([
    [429, FailureTypes.rateLimited, false],
    [500, FailureTypes.unavailable, false],
    [503, FailureTypes.unavailable, false],
    [401, FailureTypes.authentication, true],
    [403, FailureTypes.authentication, true],
    [404, FailureTypes.notFound, true],
    [422, FailureTypes.invalidRequest, true],
  ])('HTTP %i → %s (non-retryable: %s)', (status, type, nonRetryable) => {
    const failure = httpFailure({ system: 'Zendesk', operation: 'tickets.show', status });
    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(nonRetryable);
  });

  test('Retry-After becomes the next retry delay', () => {
    const failure = httpFailure({
      system: 'Zendesk',
      operation: 'tickets.update',
      status: 429,
      retryAfter: '7',
    });
    expect(failure.nextRetryDelay).toBe('7s');
  });

  test('Retry-After as seconds or HTTP date', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(retryAfterSeconds('12', now)).toBe(12);
    expect(retryAfterSeconds('Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    expect(retryAfterSeconds(null, now)).toBeUndefined();
  });
});

describe('passingFailureOf: what the server answers 503 for', () => {
  test("a 429 keeps the system's Retry-After; a 503 or a network error gets the fallback", () => {
    expect(
      passingFailureOf(
        httpFailure({ system: 'Zendesk', operation: 'GET ticket', status: 429, retryAfter: '7' }),
      ),
    ).toEqual({ system: 'Zendesk', retryAfterSeconds: 7 });
    expect(
      passingFailureOf(httpFailure({ system: 'Salesforce', operation: 'GET Account', status: 503 })),
    ).toEqual({ system: 'Salesforce', retryAfterSeconds: 5 });
    expect(passingFailureOf(networkFailure('Zendesk', 'GET ticket', { code: 'ECONNRESET' }), 3)).toEqual({
      system: 'Zendesk',
      retryAfterSeconds: 3,
    });
    // Fresh sessions refused at once: the credentials worked, so it passes (not AuthenticationFailed).
    expect(passingFailureOf(sessionsRefusedFailure('Salesforce', 'GET Account (session refresh)'))).toEqual({
      system: 'Salesforce',
      retryAfterSeconds: 5,
    });
  });

  test('anything retrying cannot fix, or that is not an integration failure, is not passing', () => {
    for (const status of [400, 401, 404, 422])
      expect(
        passingFailureOf(httpFailure({ system: 'Zendesk', operation: 'GET ticket', status })),
      ).toBeUndefined();
    expect(passingFailureOf(new Error('Zendesk GET ticket failed with HTTP 503'))).toBeUndefined();
    expect(passingFailureOf(undefined)).toBeUndefined();
  });
});
