/**
 * Idempotent ticket comments: Zendesk has no idempotency key for comments, so each comment the
 * service writes ends with a line naming its key (`ref: <key>`), readable by agents, and a
 * retried write first looks for a comment carrying that line.
 */
export const markerLine = (idempotencyKey: string): string => `ref: ${idempotencyKey}`;

/** Keys are one printable line (they are written into the comment). */
export const isValidIdempotencyKey = (key: unknown): key is string =>
  typeof key === 'string' && /^[^\s\p{Cc}](?:[^\r\n\p{Cc}]{0,198}[^\s\p{Cc}])?$/u.test(key);

export function withMarker(body: string, idempotencyKey: string): string {
  return `${body.replace(/\s+$/, '')}\n\n${markerLine(idempotencyKey)}`;
}

export function hasMarker(comment: { body?: string; plain_body?: string }, idempotencyKey: string): boolean {
  const marker = markerLine(idempotencyKey);
  return [comment.body, comment.plain_body].some(
    (text) => typeof text === 'string' && text.split(/\r?\n/).some((line) => line.trim() === marker),
  );
}

/**
 * Whether a comment ends with a marker line (any key): one this service wrote, seen again when
 * Zendesk sends it back as a webhook event. Only the last non-empty line counts, where withMarker
 * puts it, so that a customer quoting a reference mid-comment is not mistaken for us.
 */
export function isMarkedComment(body: string): boolean {
  const lines = body.split(/\r?\n/).filter((line) => line.trim() !== '');
  const last = lines[lines.length - 1]?.trim() ?? '';
  return last.startsWith('ref: ') && isValidIdempotencyKey(last.slice('ref: '.length));
}
