import { partnerProgramValues, slaStateValues } from '../../domain/search-attributes';
import { usageError } from './exit-codes';

/**
 * `partner-support list` filters, turned into a Temporal visibility query. Each value is checked
 * against the values the workflow publishes (so a typo is a usage error, not an empty list) and
 * quoted, so no input can change the query's meaning.
 */
export interface ListFilters {
  program?: string;
  slaState?: string;
  starred?: boolean;
  /** Include closed tickets' workflows (default: running only). */
  all?: boolean;
}

/** A visibility string literal: backslashes and double quotes escaped. */
export function visibilityString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function oneOf(option: string, given: string, allowed: readonly string[]): string {
  const match = allowed.find((value) => value.toLowerCase() === given.trim().toLowerCase());
  if (!match)
    throw usageError(`${option} must be one of ${allowed.join(', ')} (got ${JSON.stringify(given)})`);
  return match;
}

export function buildListQuery(filters: ListFilters): string {
  const clauses = ['WorkflowType = "partnerTicket"'];
  if (!filters.all) clauses.push('ExecutionStatus = "Running"');
  if (filters.program !== undefined) {
    clauses.push(
      `PartnerProgram = ${visibilityString(oneOf('--program', filters.program, partnerProgramValues))}`,
    );
  }
  if (filters.slaState !== undefined) {
    clauses.push(`SlaState = ${visibilityString(oneOf('--sla-state', filters.slaState, slaStateValues))}`);
  }
  if (filters.starred !== undefined) clauses.push(`Starred = ${filters.starred ? 'true' : 'false'}`);
  return clauses.join(' AND ');
}
