import { performance } from 'node:perf_hooks';

/** The nearest-rank percentile of sorted values (NaN when there are none). */
export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

export interface Spread {
  p50: number;
  p99: number;
  max: number;
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export interface PhaseResult {
  name: string;
  accepted: number;
  failed: number;
  seconds: number;
  latenciesMs: number[];
}

/** Runs `work` over every item with at most `concurrency` in flight; records each one's latency. */
export async function runPhase<T>(
  name: string,
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<boolean>,
): Promise<PhaseResult> {
  const latenciesMs: number[] = [];
  let accepted = 0;
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        const t0 = performance.now();
        const ok = await work(item).catch(() => false);
        latenciesMs.push(performance.now() - t0);
        if (ok) accepted += 1;
        else failed += 1;
      }
    }),
  );
  return { name, accepted, failed, seconds: (performance.now() - started) / 1000, latenciesMs };
}

/** A Markdown table (also readable as plain text on a terminal). */
export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
  const align = header.map((_, i) => (rows.every((row) => typeof row[i] === 'number') ? '---:' : '---'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
