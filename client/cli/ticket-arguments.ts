import { parseRequestId, REQUEST_ID_HELP } from '../../domain/request-ids';
import { starUrgencies, type StarUrgency } from '../../domain/star';
import { CliError, ExitCode, usageError } from './exit-codes';
import type { CliContext } from './context';

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

/** A ticket ID or a partner case number (A6), the case number found in Zendesk. */
export async function resolveRequestId(context: CliContext, raw: string): Promise<number> {
  const parsed = parseRequestId(raw);
  if (!parsed.ok) throw usageError(parsed.message);
  if (parsed.value.kind === 'ticket') return parsed.value.ticketId;
  const { caseNumber } = parsed.value;
  if (!context.tickets) {
    throw new CliError(
      ExitCode.failure,
      `${caseNumber} is a partner case number, and finding its ticket needs Zendesk, which is not configured here. Give the ticket ID instead. ${REQUEST_ID_HELP}`,
    );
  }
  let ticket: { id: number } | null;
  try {
    ticket = await context.tickets.findTicketByCaseNumber(caseNumber);
  } catch (err) {
    throw new CliError(
      ExitCode.failure,
      `Cannot search Zendesk for ${caseNumber}: ${(err as Error).message}`,
    );
  }
  if (!ticket) throw new CliError(ExitCode.notFound, `No ticket has the case number ${caseNumber}.`);
  return ticket.id;
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
