import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { resendDelay, retryable } from './resend';

const answer = (status: number, code = 'X') => new ApiError(code, '服务器的回答', undefined, status);

describe('the resend loop’s pure pieces', () => {
  it('sends again when the answer never came or the server was briefly unable', () => {
    for (const status of [0, 408, 429, 500, 502, 503, 504]) expect(retryable(answer(status)), String(status)).toBe(true);
  });

  it('does not send again what the server answered: a refusal, a conflict, a sign-in, a missing record', () => {
    for (const status of [400, 401, 403, 404, 409, 413, 422]) expect(retryable(answer(status)), String(status)).toBe(false);
  });

  it('does not send again on an error that is not a server answer (a bug in the page, an aborted request)', () => {
    expect(retryable(new Error('boom'))).toBe(false);
    expect(retryable(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(retryable(undefined)).toBe(false);
  });

  it('waits longer after each failed attempt, doubling, and never more than 30 s', () => {
    // Attempt 0 is sent at once (useResend); the pauses before attempts 1, 2, 3 … double.
    expect([1, 2, 3, 4, 5, 20].map(resendDelay)).toEqual([4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    for (let a = 1; a < 30; a++) expect(resendDelay(a + 1)).toBeGreaterThanOrEqual(resendDelay(a));
  });
});
