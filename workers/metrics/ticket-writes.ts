import { impacts } from '../../domain/sla/policy';

/**
 * Which business event a successful activity recorded, read from its input. Workflow code cannot
 * count (it is replayed, and lint-fenced from I/O clients), so the worker counts the writes that
 * mark each event: every event writes an internal note whose idempotency key names it
 * (`triage-<ticket>`, `sla-<warning|breach>-<clock>-…`, `star-<transition>-…`, keys made in
 * workflows/partner-ticket/{intake,messages,star}.ts). Level, impact and program come from the
 * note's text (test/unit/worker-business-metrics.test.ts checks them against the texts the
 * workflow writes). SLA and STAR notes do not name the partner program: the interceptor adds it
 * from the ticket workflow's search attribute (ticket-program.ts).
 */
export type BusinessEvent =
  | { metric: 'ticketStarted'; labels: { program: string; level: string; impact: string } }
  | { metric: 'slaEvent'; labels: { event: string; clock: string; level: string; impact: string } }
  | { metric: 'starEvent'; labels: { event: string } };

interface NoteInput {
  idempotencyKey: string;
  body: string;
}

const isNoteInput = (input: unknown): input is NoteInput =>
  typeof input === 'object' &&
  input !== null &&
  typeof (input as Partial<NoteInput>).idempotencyKey === 'string' &&
  typeof (input as Partial<NoteInput>).body === 'string';

/** Label values stay within known sets: a changed text shows as `unknown`, never as a new series. */
const impactLabel = (value: string | undefined): string =>
  value !== undefined && (impacts as readonly string[]).includes(value) ? value : 'unknown';
const levelLabel = (value: string | undefined): string =>
  value === 'Priority' ? 'priority' : value === 'Standard' ? 'standard' : 'unknown';

const TRIAGE_KEY = /^triage-\d+$/; // the first triage; re-classifications add `-<n>`
const SLA_KEY = /^sla-(warning|breach)-(first_reply|next_reply)-/;
const STAR_KEY = /^star-(raised|coalesced|acknowledged|unstarred|lapsed)-/;

/** From the triage note's lines `• Program: Alliance Partner: …` and `• SLA: Priority support, impact high`. */
function triageLabels(body: string): { program: string; level: string; impact: string } {
  const program = /^• Program: (Select Partner|Alliance Partner|Customer)/m.exec(body)?.[1];
  const sla = /^• SLA: (Priority|Standard) support, impact (\w+)/m.exec(body);
  return {
    program: program === undefined ? 'unknown' : program.split(' ')[0].toLowerCase(),
    // No SLA line: no support level (a customer, an NFR ticket, a situation still to be asked).
    level: sla ? levelLabel(sla[1]) : 'none',
    impact: sla ? impactLabel(sla[2]) : 'none',
  };
}

/**
 * The business events of a successful activity: a note (`addInternalNote`), or each note among the
 * writes `applyTicketWrites` did (its result says how many, in order).
 */
export function businessEventsOf(activityType: string, input: unknown, result?: unknown): BusinessEvent[] {
  if (activityType === 'addInternalNote') {
    const event = businessEventOf(activityType, input);
    return event ? [event] : [];
  }
  if (activityType !== 'applyTicketWrites') return [];
  const writes = (input as { writes?: unknown } | undefined)?.writes;
  const done = (result as { done?: unknown } | undefined)?.done;
  if (!Array.isArray(writes) || typeof done !== 'number') return [];
  return writes
    .slice(0, done)
    .filter((write: { kind?: unknown }) => write?.kind === 'internalNote')
    .map((note: { key?: unknown; body?: unknown }) =>
      businessEventOf('addInternalNote', { idempotencyKey: note.key, body: note.body }),
    )
    .filter((event): event is BusinessEvent => event !== undefined);
}

export function businessEventOf(activityType: string, input: unknown): BusinessEvent | undefined {
  if (activityType !== 'addInternalNote' || !isNoteInput(input)) return undefined;
  const { idempotencyKey: key, body } = input;
  if (TRIAGE_KEY.test(key)) return { metric: 'ticketStarted', labels: triageLabels(body) };
  const sla = SLA_KEY.exec(key);
  if (sla) {
    // `… the Priority first reply target (4h, business_hours, impact emergency) …`
    const what = /the (Priority|Standard) (?:first|next) reply target \(.*, impact (\w+)\)/.exec(body);
    return {
      metric: 'slaEvent',
      labels: { event: sla[1], clock: sla[2], level: levelLabel(what?.[1]), impact: impactLabel(what?.[2]) },
    };
  }
  const star = STAR_KEY.exec(key);
  if (star) return { metric: 'starEvent', labels: { event: star[1] } };
  return undefined;
}
