import type { TicketEvent } from '../../domain/ticket-events';
import { zendeskChangeId } from '../../domain/zendesk-change-ids';
import type { TicketSpec } from './protocol';

export interface CreatedTicket {
  id: number;
  createdAt: string;
}

export interface PacedIntakeDeps {
  /** Creates tickets in the Zendesk simulator (its own POST /api/v2/tickets.json), in order. */
  createTickets(specs: TicketSpec[]): Promise<CreatedTicket[]>;
  /** Which of these tickets are triaged (their triage note is in Zendesk). */
  triagedAmong(ids: number[]): Promise<number[]>;
  /** Hands a ticket its event as the webhook does (signal-with-start). */
  deliver(event: TicketEvent): Promise<unknown>;
  log(text: string): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Tickets created in Zendesk per call, ahead of their delivery. */
const CREATE_CHUNK = 250;
/** A drain with no ticket triaged for this long has stalled (see the worker's log). */
const STALL_MS = 3 * 60_000;

/** Zendesk's `ticket.created` event for a ticket, as the webhook maps it. */
export const createdEvent = ({ id, createdAt }: CreatedTicket): TicketEvent => ({
  eventId: zendeskChangeId(id, Math.floor(Date.parse(createdAt) / 1000), { kind: 'created' }),
  ticketId: id,
  type: 'ticket.created',
  occurredAt: createdAt,
  actor: 'end_user',
  status: 'new',
});

/**
 * Opens tickets with at most `maxInIntake` delivered and not yet triaged, as tickets arrive in
 * life (a few at a time), not thousands at once: a ticket delivered far ahead of the worker only
 * waits in the task queue, and with more tickets in intake than the workflow cache holds, every
 * step of every intake is a cache miss that replays its history, which slows the setup it was
 * meant to speed up. Counts the triaged tickets over time, for the setup rate (bench-only).
 */
export function pacedIntake(deps: PacedIntakeDeps, options: { concurrency: number; maxInIntake: number }) {
  const inIntake = new Set<number>();
  const progress: Array<{ atMs: number; triaged: number }> = [{ atMs: Date.now(), triaged: 0 }];
  let triaged = 0;
  let createMs = 0;
  let createdCount = 0;
  let refreshing: Promise<void> | undefined;

  /** One shared poll of the simulator for the tickets in intake; every waiter awaits the same. */
  const refresh = (): Promise<void> =>
    (refreshing ??= (async () => {
      await sleep(250);
      const done = await deps.triagedAmong([...inIntake]);
      for (const id of done) inIntake.delete(id);
      triaged += done.length;
      progress.push({ atMs: Date.now(), triaged });
    })().finally(() => {
      refreshing = undefined;
    }));

  async function createTickets(specs: TicketSpec[]): Promise<CreatedTicket[]> {
    const started = Date.now();
    const created = await deps.createTickets(specs);
    createMs += Date.now() - started;
    createdCount += created.length;
    return created;
  }

  async function deliverAll(created: CreatedTicket[]): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(options.concurrency, created.length) }, async () => {
        while (next < created.length) {
          const ticket = created[next++];
          while (inIntake.size >= options.maxInIntake) await refresh();
          inIntake.add(ticket.id);
          await deps.deliver(createdEvent(ticket));
        }
      }),
    );
  }

  return {
    /** Creates the tickets in Zendesk a chunk ahead of their delivery, then delivers them paced. */
    async open(specs: TicketSpec[], label: string): Promise<number[]> {
      const ids: number[] = [];
      let lastLog = Date.now();
      const chunk = (from: number) => {
        const created = createTickets(specs.slice(from, from + CREATE_CHUNK));
        created.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
        return created;
      };
      let next = chunk(0);
      for (let from = 0; from < specs.length; from += CREATE_CHUNK) {
        const created = await next;
        if (from + CREATE_CHUNK < specs.length) next = chunk(from + CREATE_CHUNK);
        await deliverAll(created);
        ids.push(...created.map((t) => t.id));
        if (Date.now() - lastLog >= 10_000) {
          deps.log(`${label}: ${ids.length}/${specs.length} delivered, ${triaged} triaged in all`);
          lastLog = Date.now();
        }
      }
      return ids;
    },
    /** Creates every ticket in Zendesk first (no intake running meanwhile), then delivers them paced. */
    async createThenOpen(specs: TicketSpec[]): Promise<number[]> {
      const created: CreatedTicket[] = [];
      for (let from = 0; from < specs.length; from += CREATE_CHUNK)
        created.push(...(await createTickets(specs.slice(from, from + CREATE_CHUNK))));
      await deliverAll(created);
      return created.map((t) => t.id);
    },
    /** Until every delivered ticket is triaged; throws if none is for STALL_MS. */
    async drain(label: string): Promise<void> {
      let lastLog = Date.now();
      let lastProgress = { atMs: Date.now(), triaged };
      while (inIntake.size > 0) {
        await refresh();
        const now = Date.now();
        if (triaged > lastProgress.triaged) lastProgress = { atMs: now, triaged };
        else if (now - lastProgress.atMs > STALL_MS)
          throw new Error(`${label}: ${inIntake.size} tickets not triaged for ${STALL_MS / 1000} s`);
        if (now - lastLog >= 10_000) {
          deps.log(`${label}: ${inIntake.size} still in intake, ${triaged} triaged`);
          lastLog = now;
        }
      }
    },
    /** Tickets triaged per second over the last `windowMs` (all of the run if shorter). */
    rate(windowMs = 60_000): number {
      const last = progress[progress.length - 1];
      const first = progress.find((p) => p.atMs >= last.atMs - windowMs) ?? progress[0];
      const seconds = (last.atMs - first.atMs) / 1000;
      return seconds > 0 ? (last.triaged - first.triaged) / seconds : Number.NaN;
    },
    /** Milliseconds the Zendesk simulator took per ticket created. */
    createMsPerTicket: (): number => (createdCount === 0 ? Number.NaN : createMs / createdCount),
    inIntake: (): number => inIntake.size,
    triaged: (): number => triaged,
  };
}
