/**
 * The figures every benchmark writes to `bench/results/<name>.json` (one file per benchmark, the
 * latest run), which `npm run bench:charts` (bench/charts.ts) draws into docs/benchmarks/*.svg.
 * Only `benchmark`, `title` and `recordedAt` are required: a chart is drawn from whatever else is
 * there, and a missing part is simply not drawn.
 *
 * Example (an SLA lateness benchmark):
 *
 * ```json
 * {
 *   "benchmark": "sla-timers",
 *   "title": "SLA breach alerts, 1,000 due within 2 minutes among 10,000 open tickets",
 *   "recordedAt": "2026-11-30T17:00:00.000Z",
 *   "commit": "e7ef8b3",
 *   "machine": "2 × AMD EPYC, 23.5 GiB RAM, Node v20.20.2",
 *   "command": "npm run bench:sla-timers",
 *   "measures": [
 *     { "name": "breach lateness p99", "unit": "s", "ours": 1.4, "floor": 1.1,
 *       "ratio": 1.27, "target": { "ratio": 1.5, "kind": "at-most" } }
 *   ],
 *   "distributions": [
 *     { "name": "breaches", "oursMs": [120, 340], "floorMs": [90, 250] }
 *   ]
 * }
 * ```
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';

export interface BenchResult {
  /** The file's name without `.json`, e.g. `ingress`, `intake`, `sla-timers`, `file-retrieval`. */
  benchmark: string;
  /** One line saying what was measured, used as the chart's title. */
  title: string;
  /** ISO-8601 time the run ended. */
  recordedAt: string;
  /** `git rev-parse --short HEAD` of the measured code. */
  commit?: string;
  /** CPUs, memory, Node version: what the figures depend on. */
  machine?: string;
  /** The command that reproduces the figures. */
  command?: string;
  /** Our figure against the floor's, for the ratio bars. */
  measures?: BenchMeasure[];
  /** Lateness samples, for the distribution chart (CDF on a log scale). */
  distributions?: LatenessDistribution[];
  /** Anything else worth keeping (free-form, not drawn). */
  details?: Record<string, unknown>;
}

export interface BenchMeasure {
  /** e.g. `breach lateness p99`, `tickets triaged per second`, `MB/s copied`. */
  name: string;
  /** Unit of `ours` and `floor`: `s`, `ms`, `tickets/s`, `events/s`, `MB/s`… */
  unit: string;
  ours: number;
  /** The same figure for the bare engine (or bare pipe) in the same run. */
  floor: number;
  /**
   * ours / floor. Throughput: higher is better (target `at-least`, e.g. 0.7); lateness: lower is
   * better (target `at-most`, e.g. 1.5).
   */
  ratio: number;
  target: { ratio: number; kind: 'at-least' | 'at-most' };
}

export interface LatenessDistribution {
  /** e.g. `breaches`, `warnings`, `burst: 500 in one second`. */
  name: string;
  /** One sample per alert: the instant it arrived minus its deadline, in milliseconds. */
  oursMs: number[];
  /** The floor's samples, same scenario. */
  floorMs?: number[];
}

/** Where a benchmark writes its figures: `bench/results/<benchmark>.json`. */
export const RESULTS_DIR = path.join(__dirname, 'results');

/** The machine the figures come from, for `machine`. */
export function describeMachine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`;
}

/** The measured commit, for `commit`. */
export function currentCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: __dirname, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** Writes `bench/results/<benchmark>.json`, filling in commit and machine when not given. */
export async function writeBenchResult(result: BenchResult): Promise<string> {
  const file = path.join(RESULTS_DIR, `${result.benchmark}.json`);
  await mkdir(RESULTS_DIR, { recursive: true });
  const complete = { commit: currentCommit(), machine: describeMachine(), ...result };
  await writeFile(file, `${JSON.stringify(complete, null, 2)}\n`);
  return file;
}
