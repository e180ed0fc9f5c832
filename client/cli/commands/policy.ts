import type { Client } from '@temporalio/client';
import { TicketIdAttribute } from '../../../domain/search-attributes';
import { loadSlaPolicyCatalog, type SlaPolicyCatalog } from '../../../domain/sla/policy-catalog';
import type { partnerTicket } from '../../../workflows';
import { reloadSlaPolicyUpdate } from '../../../workflows/definitions';
import { temporalCall, writeJson, type CliContext } from '../context';
import { CliError, ExitCode, usageError } from '../exit-codes';
import { buildListQuery } from '../list-query';
import { renderTable } from '../table';
import { mapLimited } from '../../../activities/map-limited';

/** How many tickets are updated at once: enough to be quick, few enough not to flood the worker. */
const CONCURRENT_UPDATES = 8;

export interface RolloutRow {
  ticketId: string;
  workflowId: string;
  ok: boolean;
  previousVersion?: string;
  version?: string;
  retargetedClocks?: number;
  error?: string;
}

/** The version to roll out: `--version` if given (it must be in the catalog), else the current one. */
export function parseRolloutVersion(raw: string | undefined, catalog: SlaPolicyCatalog): string {
  if (raw === undefined) return catalog.current;
  const version = raw.trim();
  if (!Object.hasOwn(catalog.versions, version)) {
    const known = Object.keys(catalog.versions).join(', ');
    throw usageError(`--version must be a known SLA policy version (${known}); got ${JSON.stringify(raw)}`);
  }
  return version;
}

/**
 * `partner-support policy rollout [--version v]`: moves every running ticket to an SLA policy
 * version with the workflow's `reloadSlaPolicy` update (clocks keep the business time they
 * consumed and take the new targets and calendars). Tickets not running keep their version.
 * Exits 1 if any ticket refused or could not be reached; running it again is harmless.
 */
export async function policyRolloutCommand(
  context: CliContext,
  options: { version?: string; json?: boolean },
  catalog: SlaPolicyCatalog = loadSlaPolicyCatalog(),
): Promise<void> {
  // Validated before Temporal is contacted: a typo must not half-roll anything.
  const version = parseRolloutVersion(options.version, catalog);
  const tickets = await temporalCall(
    context,
    async (client: Client) => {
      const found: Array<{ ticketId: string; workflowId: string }> = [];
      for await (const execution of client.workflow.list({ query: buildListQuery({}), pageSize: 100 })) {
        found.push({
          ticketId:
            execution.typedSearchAttributes.get(TicketIdAttribute) ??
            execution.workflowId.replace(/^partner-ticket-/, ''),
          workflowId: execution.workflowId,
        });
      }
      return found;
    },
    'The visibility store is unavailable.',
  );

  const rows = await mapLimited(tickets, CONCURRENT_UPDATES, async (ticket): Promise<RolloutRow> => {
    try {
      const result = await temporalCall(
        context,
        (client) =>
          client.workflow
            .getHandle<typeof partnerTicket>(ticket.workflowId)
            .executeUpdate(reloadSlaPolicyUpdate, { args: [{ version }] }),
        `Ticket ${ticket.ticketId}'s workflow ended before it could be updated.`,
      );
      return { ...ticket, ok: true, ...result };
    } catch (err) {
      return { ...ticket, ok: false, error: (err as Error).message };
    }
  });

  const failed = rows.filter((row) => !row.ok).length;
  if (options.json) {
    writeJson(context, { version, tickets: rows, failed });
  } else if (rows.length === 0) {
    context.stdout.write(`No running tickets: nothing to roll out (version ${version}).\n`);
  } else {
    context.stdout.write(formatRollout(version, rows));
  }
  if (failed > 0) {
    throw new CliError(
      ExitCode.failure,
      `${failed} of ${rows.length} ticket(s) were not moved to ${version}`,
    );
  }
}

export function formatRollout(version: string, rows: RolloutRow[]): string {
  const moved = rows.filter((row) => row.ok).length;
  return (
    renderTable(
      ['TICKET', 'PREVIOUS', 'VERSION', 'RETARGETED', 'RESULT'],
      rows.map((row) => [
        row.ticketId,
        row.ok ? (row.previousVersion ?? '(none)') : '-',
        row.ok ? (row.version ?? version) : '-',
        row.ok ? String(row.retargetedClocks ?? 0) : '-',
        row.ok ? 'ok' : `failed: ${row.error ?? 'unknown error'}`,
      ]),
    ) + `${moved} of ${rows.length} ticket(s) on SLA policy ${version}.\n`
  );
}
