import { starUrgencies, type StarUrgency } from '../../domain/star';
import { usageError } from './exit-codes';

/** A Zendesk ticket ID argument: digits only. */
export function parseTicketId(raw: string): number {
  const value = raw.trim();
  if (!/^[1-9]\d{0,14}$/.test(value)) {
    throw usageError(
      `"${value.slice(0, 40)}" is not a ticket ID: give the Zendesk ticket number (digits only, e.g. 123456)`,
    );
  }
  return Number(value);
}

/** `Urgent`, `not-urgent`, `not_urgent`… → a STAR urgency. */
export function parseUrgency(raw: string | undefined): StarUrgency | undefined {
  if (raw === undefined) return undefined;
  const value = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (!(starUrgencies as readonly string[]).includes(value)) {
    throw usageError(`--urgency must be one of ${starUrgencies.join(', ')} (got ${JSON.stringify(raw)})`);
  }
  return value as StarUrgency;
}

/** A required free-text option: present and not blank. */
export function requireText(option: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw usageError(`${option} must not be empty`);
  return value.trim();
}
