/** SLA alert lateness (bench-only): each due alert's first Slack mention at or after its deadline. */
import type { SlackArrival } from './protocol';

/** The nearest-rank percentile of sorted samples (NaN for none). */
export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** An SLA alert the benchmark expects: the ticket, warning or breach, and its deadline (ms). */
export interface Due {
  ticketId: number;
  kind: 'warning' | 'breach';
  dueAt: number;
}

export interface Lateness {
  /** One sample per alert that arrived, in milliseconds. */
  samples: number[];
  count: number;
  missing: number;
  p50: number;
  p99: number;
  max: number;
}

/** Lateness (ms) of each due alert: its ticket's first mention at or after the due instant. */
export function lateness(dues: Due[], arrivals: SlackArrival[], floor: boolean): Lateness {
  const mentions = new Map<number, number[]>();
  for (const message of arrivals) {
    if (message.text.startsWith('FLOOR') !== floor) continue;
    const at = Date.parse(message.receivedAt);
    for (const match of message.text.matchAll(/#(\d+)/g)) {
      const id = Number(match[1]);
      const list = mentions.get(id) ?? [];
      list.push(at);
      mentions.set(id, list);
    }
  }
  const late: number[] = [];
  let missing = 0;
  for (const due of dues) {
    const first = (mentions.get(due.ticketId) ?? []).filter((at) => at >= due.dueAt).sort((a, b) => a - b)[0];
    if (first === undefined) missing += 1;
    else late.push(first - due.dueAt);
  }
  late.sort((a, b) => a - b);
  return {
    samples: late,
    count: late.length,
    missing,
    p50: percentile(late, 50),
    p99: percentile(late, 99),
    max: late[late.length - 1] ?? Number.NaN,
  };
}
