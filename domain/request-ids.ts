/**
 * A6: the Slack escalation form's request ID is either a Zendesk ticket ID (`123456`) or a
 * partner case number (`T123456789`), and nothing else.
 */
export type RequestId = { kind: 'ticket'; ticketId: number } | { kind: 'case'; caseNumber: string };

export const REQUEST_ID_HELP =
  'Enter either the GitLab ticket ID (digits only, e.g. 123456) or your case number (T followed by digits, e.g. T123456789), with no # or other text.';

export type RequestIdResult = { ok: true; value: RequestId } | { ok: false; message: string };

export function parseRequestId(raw: unknown): RequestIdResult {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return { ok: false, message: `The request ID is empty. ${REQUEST_ID_HELP}` };
  }
  const value = raw.trim();
  if (/^[1-9]\d{0,14}$/.test(value)) return { ok: true, value: { kind: 'ticket', ticketId: Number(value) } };
  if (/^T\d{1,15}$/.test(value)) return { ok: true, value: { kind: 'case', caseNumber: value } };
  return { ok: false, message: `"${value.slice(0, 40)}" is not a request ID. ${REQUEST_ID_HELP}` };
}
