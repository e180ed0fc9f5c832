import {
  PartnerProgramAttribute,
  SlaStateAttribute,
  StarredAttribute,
  SupportLevelAttribute,
  TicketIdAttribute,
} from '../../../domain/search-attributes';
import { usageError } from '../exit-codes';
import { temporalCall, writeJson, type CliContext } from '../context';
import { buildListQuery, type ListFilters } from '../list-query';
import { renderTable, shortTime } from '../table';

export interface ListedTicket {
  ticketId: string;
  workflowId: string;
  program: string | null;
  supportLevel: string | null;
  slaState: string | null;
  starred: boolean | null;
  workflowStatus: string;
  startedAt: string;
}

export interface ListOptions extends ListFilters {
  limit?: string;
  json?: boolean;
}

/** `partner-support list`: ticket workflows by program, SLA state and STAR (visibility query). */
export async function listCommand(context: CliContext, options: ListOptions): Promise<void> {
  const limit = options.limit === undefined ? 50 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw usageError(`--limit must be a whole number from 1 to 1000 (got ${JSON.stringify(options.limit)})`);
  }
  const query = buildListQuery(options);
  const tickets = await temporalCall(
    context,
    async (client) => {
      const found: ListedTicket[] = [];
      for await (const execution of client.workflow.list({ query, pageSize: Math.min(limit, 100) })) {
        const attributes = execution.typedSearchAttributes;
        found.push({
          ticketId: attributes.get(TicketIdAttribute) ?? execution.workflowId.replace(/^partner-ticket-/, ''),
          workflowId: execution.workflowId,
          program: attributes.get(PartnerProgramAttribute) ?? null,
          supportLevel: attributes.get(SupportLevelAttribute) ?? null,
          slaState: attributes.get(SlaStateAttribute) ?? null,
          starred: attributes.get(StarredAttribute) ?? null,
          workflowStatus: execution.status.name,
          startedAt: execution.startTime.toISOString(),
        });
        if (found.length >= limit) break;
      }
      return found;
    },
    'The visibility store is unavailable.',
  );
  if (options.json) return writeJson(context, tickets);
  if (tickets.length === 0) {
    context.stdout.write('No tickets match.\n');
    return;
  }
  context.stdout.write(
    renderTable(
      ['TICKET', 'PROGRAM', 'SUPPORT', 'SLA', 'STARRED', 'WORKFLOW', 'STARTED'],
      tickets.map((t) => [
        t.ticketId,
        t.program ?? '-',
        t.supportLevel ?? '-',
        t.slaState ?? '-',
        t.starred === null ? '-' : t.starred ? 'yes' : 'no',
        t.workflowStatus.toLowerCase(),
        shortTime(t.startedAt),
      ]),
    ),
  );
}
