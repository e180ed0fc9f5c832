/**
 * `npm run bench:charts`: draws every bench/results/<name>.json (bench/results-format.ts) into
 * docs/benchmarks/*.svg, shown by docs/benchmarks.md. Dependency-free SVG:
 *
 * - `ratios.svg`: for every measure of every benchmark, ours / floor as a bar against its target;
 * - `<name>-lateness.svg`: for each benchmark with lateness samples, their distribution (CDF) on a
 *   log scale from 10 ms to 2 hours, ours against the floor, with p50 / p99 marks, and the
 *   deadline checks of the polling peers (how late an action can be when deadlines are polled).
 *
 * Whatever a result leaves out is not drawn; a file that is not a result is skipped with a warning.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  RESULTS_DIR,
  type BenchMeasure,
  type BenchResult,
  type LatenessDistribution,
} from './results-format';

const OUT_DIR = path.join(__dirname, '..', 'docs', 'benchmarks');
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';
const COLORS = ['#1f6feb', '#d97706', '#7c3aed', '#059669', '#db2777'];

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const round = (n: number): string => (Math.round(n * 10) / 10).toString();

function text(x: number, y: number, content: string, attrs = ''): string {
  const size = attrs.includes('font-size') ? '' : ' font-size="12"';
  return `<text x="${round(x)}" y="${round(y)}" ${FONT}${size} ${attrs}>${escape(content)}</text>`;
}

function svg(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(title)}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    text(16, 24, title, 'font-size="15" font-weight="600" fill="#111827"'),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Seconds as people read them: 10 ms, 2.5 s, 5 min, 1 h. */
export function humanSeconds(seconds: number): string {
  if (seconds < 1) return `${round(seconds * 1000)} ms`;
  if (seconds < 60) return `${round(seconds)} s`;
  if (seconds < 3600) return `${round(seconds / 60)} min`;
  return `${round(seconds / 3600)} h`;
}

/** The polling peers: each checks deadlines periodically, so an action is up to one period late. */
export const POLLING_PEERS: Array<{ label: string; fromSeconds: number; toSeconds: number }> = [
  { label: 'ServiceNow SLA job: every 1–10 min', fromSeconds: 60, toSeconds: 600 },
  { label: 'Zammad, Chatwoot, osTicket: every 5 min', fromSeconds: 300, toSeconds: 300 },
  { label: 'Zendesk automations, Salesforce time triggers: hourly', fromSeconds: 3600, toSeconds: 3600 },
];

const LOG_MIN_S = 0.01;
const LOG_MAX_S = 7200;

/** x position of a lateness on the log axis (values outside it are clamped). */
export function logX(seconds: number, left: number, width: number): number {
  const clamped = Math.min(LOG_MAX_S, Math.max(LOG_MIN_S, seconds));
  return left + (width * Math.log10(clamped / LOG_MIN_S)) / Math.log10(LOG_MAX_S / LOG_MIN_S);
}

/** The empirical CDF of samples (ms) as [seconds, fraction] steps, at most `points` of them. */
export function cdfPoints(samplesMs: number[], points = 400): Array<[number, number]> {
  const sorted = samplesMs.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const step = Math.max(1, Math.floor(sorted.length / points));
  const out: Array<[number, number]> = [];
  for (let i = 0; i < sorted.length; i += step) out.push([sorted[i] / 1000, (i + 1) / sorted.length]);
  out.push([sorted[sorted.length - 1] / 1000, 1]);
  return out;
}

const quantile = (samplesMs: number[], p: number): number => {
  const sorted = samplesMs.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] / 1000;
};

export function latenessChart(result: BenchResult): string | undefined {
  const distributions = (result.distributions ?? []).filter((d) => d.oursMs.length > 0);
  if (distributions.length === 0) return undefined;
  const [width, left, right, top] = [900, 60, 24, 48];
  const plotH = 300;
  const legendH = 20 * (distributions.length * 2 + 1);
  const height = top + plotH + 50 + legendH;
  const plotW = width - left - right;
  const y = (fraction: number) => top + plotH * (1 - fraction);
  const body: string[] = [];

  // Axes: fraction of alerts on y, lateness on a log x axis.
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    body.push(`<line x1="${left}" x2="${left + plotW}" y1="${y(f)}" y2="${y(f)}" stroke="#e5e7eb"/>`);
    body.push(text(left - 8, y(f) + 4, `${f * 100}%`, 'text-anchor="end" fill="#6b7280"'));
  }
  for (const s of [0.01, 0.1, 1, 10, 60, 600, 3600]) {
    const x = logX(s, left, plotW);
    body.push(`<line x1="${round(x)}" x2="${round(x)}" y1="${top}" y2="${top + plotH}" stroke="#f3f4f6"/>`);
    body.push(text(x, top + plotH + 16, humanSeconds(s), 'text-anchor="middle" fill="#6b7280"'));
  }
  body.push(
    text(
      left + plotW / 2,
      top + plotH + 34,
      'lateness: alert arrived minus deadline (log scale)',
      'text-anchor="middle" fill="#374151"',
    ),
  );

  // The polling peers: a band or a line where their periodic checks put an action at worst.
  POLLING_PEERS.forEach((peer) => {
    const [x1, x2] = [logX(peer.fromSeconds, left, plotW), logX(peer.toSeconds, left, plotW)];
    if (x2 - x1 > 1) {
      body.push(
        `<rect x="${round(x1)}" y="${top}" width="${round(x2 - x1)}" height="${plotH}" fill="#9ca3af" fill-opacity="0.12"/>`,
      );
    }
    body.push(
      `<line x1="${round(x2)}" x2="${round(x2)}" y1="${top}" y2="${top + plotH}" stroke="#6b7280" stroke-dasharray="4 3"/>`,
    );
    // Written upwards along the line (the band's start for a range), clear of the curves' labels.
    const lx = (x2 - x1 > 1 ? x1 : x2) - 4;
    body.push(
      `<text transform="translate(${round(lx)},${top + plotH - 6}) rotate(-90)" ${FONT} font-size="11" fill="#4b5563">${escape(peer.label)}</text>`,
    );
  });

  // Each distribution: ours solid, the floor dashed, p50 and p99 marked.
  let legendY = top + plotH + 58;
  distributions.forEach((d: LatenessDistribution, i) => {
    const color = COLORS[i % COLORS.length];
    const series: Array<{ label: string; samples: number[]; dash: string }> = [
      { label: `ours: ${d.name}`, samples: d.oursMs, dash: '' },
      ...(d.floorMs && d.floorMs.length > 0
        ? [{ label: `floor: ${d.name}`, samples: d.floorMs, dash: 'stroke-dasharray="6 4"' }]
        : []),
    ];
    for (const s of series) {
      const pts = cdfPoints(s.samples)
        .map(([sec, f]) => `${round(logX(sec, left, plotW))},${round(y(f))}`)
        .join(' ');
      body.push(`<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="2" ${s.dash}/>`);
      const [p50, p99] = [quantile(s.samples, 0.5), quantile(s.samples, 0.99)];
      for (const [p, f] of [
        [p50, 0.5],
        [p99, 0.99],
      ] as const) {
        body.push(
          `<circle cx="${round(logX(p, left, plotW))}" cy="${round(y(f))}" r="4" fill="${s.dash ? '#ffffff' : color}" stroke="${color}" stroke-width="2"/>`,
        );
      }
      body.push(
        `<line x1="${left}" x2="${left + 28}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${color}" stroke-width="2" ${s.dash}/>`,
      );
      body.push(
        text(
          left + 36,
          legendY,
          `${s.label} (${s.samples.length}): p50 ${humanSeconds(p50)}, p99 ${humanSeconds(p99)}, max ${humanSeconds(Math.max(...s.samples) / 1000)}`,
          'fill="#111827"',
        ),
      );
      legendY += 20;
    }
  });
  body.push(
    text(
      left,
      legendY + 4,
      'dots: p50 and p99; grey: where the polling peers check deadlines (an action up to one period late)',
      'font-size="11" fill="#6b7280"',
    ),
  );
  return svg(width, height + 10, result.title, body);
}

export function ratioChart(results: BenchResult[]): string | undefined {
  const bars: Array<{ benchmark: string; measure: BenchMeasure }> = results.flatMap((r) =>
    (r.measures ?? [])
      .filter((m) => Number.isFinite(m.ratio))
      .map((measure) => ({ benchmark: r.benchmark, measure })),
  );
  if (bars.length === 0) return undefined;
  const [width, left, right, top, barH, gap] = [900, 290, 150, 56, 22, 16];
  const plotW = width - left - right;
  const maxRatio = Math.max(2, ...bars.map((b) => Math.max(b.measure.ratio, b.measure.target.ratio) * 1.1));
  const x = (ratio: number) => left + (plotW * Math.min(ratio, maxRatio)) / maxRatio;
  const height = top + bars.length * (barH + gap) + 40;
  const body: string[] = [
    text(
      16,
      42,
      'ours / floor for each measure; | target (throughput: at least, lateness: at most); green: met',
      'font-size="11" fill="#6b7280"',
    ),
  ];
  for (let r = 0; r <= maxRatio; r += maxRatio > 4 ? 1 : 0.5) {
    body.push(
      `<line x1="${round(x(r))}" x2="${round(x(r))}" y1="${top - 4}" y2="${height - 34}" stroke="${r === 1 ? '#9ca3af' : '#f3f4f6'}"/>`,
    );
    body.push(text(x(r), height - 18, `${r}×`, 'text-anchor="middle" fill="#6b7280"'));
  }
  bars.forEach(({ benchmark, measure }, i) => {
    const y = top + i * (barH + gap);
    const met =
      measure.target.kind === 'at-least'
        ? measure.ratio >= measure.target.ratio
        : measure.ratio <= measure.target.ratio;
    const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3));
    body.push(text(left - 10, y + 11, `${benchmark}: ${measure.name}`, 'text-anchor="end" fill="#111827"'));
    body.push(
      text(
        left - 10,
        y + 24,
        `ours ${fmt(measure.ours)} vs floor ${fmt(measure.floor)} ${measure.unit}`,
        'text-anchor="end" font-size="11" fill="#6b7280"',
      ),
    );
    body.push(
      `<rect x="${left}" y="${y}" width="${round(x(measure.ratio) - left)}" height="${barH}" fill="${met ? '#16a34a' : '#dc2626'}" fill-opacity="0.8"/>`,
    );
    const tx = x(measure.target.ratio);
    body.push(
      `<line x1="${round(tx)}" x2="${round(tx)}" y1="${y - 4}" y2="${y + barH + 4}" stroke="#111827" stroke-width="2"/>`,
    );
    body.push(
      text(
        Math.max(x(measure.ratio), tx) + 6,
        y + 15,
        `${measure.ratio.toFixed(2)}× (target ${measure.target.kind === 'at-least' ? '≥' : '≤'} ${measure.target.ratio})`,
        'fill="#111827"',
      ),
    );
  });
  return svg(width, height, 'Where we stand against the bare engine', body);
}

/**
 * A result in the shared format, or the nearest reading of an older flat one
 * (`{ oursMBps, floorMBps, ratio, target, at }`): one throughput measure named after the file.
 */
export function asBenchResult(name: string, raw: Record<string, unknown>): BenchResult | undefined {
  if (typeof raw.benchmark === 'string' && typeof raw.title === 'string')
    return raw as unknown as BenchResult;
  const oursKey = Object.keys(raw).find((key) => /^ours/.test(key) && typeof raw[key] === 'number');
  const floorKey = Object.keys(raw).find((key) => /^floor/.test(key) && typeof raw[key] === 'number');
  if (!oursKey || !floorKey || typeof raw.ratio !== 'number' || typeof raw.target !== 'number')
    return undefined;
  return {
    benchmark: name,
    title: name,
    recordedAt: typeof raw.at === 'string' ? raw.at : '',
    measures: [
      {
        name: name,
        unit: oursKey.replace(/^ours/, '').replace(/ps$/, '/s') || 'per second',
        ours: raw[oursKey] as number,
        floor: raw[floorKey] as number,
        ratio: raw.ratio,
        target: { ratio: raw.target, kind: 'at-least' },
      },
    ],
  };
}

async function readResults(): Promise<BenchResult[]> {
  const files = (await readdir(RESULTS_DIR).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.json'))
    .sort();
  const results: BenchResult[] = [];
  for (const file of files) {
    try {
      const raw = JSON.parse(await readFile(path.join(RESULTS_DIR, file), 'utf8')) as Record<string, unknown>;
      const result = asBenchResult(file.replace(/\.json$/, ''), raw);
      if (!result) throw new Error('neither bench/results-format.ts nor ours/floor/ratio/target');
      results.push(result);
    } catch (err) {
      console.warn(`charts: skipped ${file}: ${(err as Error).message}`);
    }
  }
  return results;
}

async function main(): Promise<void> {
  const results = await readResults();
  await mkdir(OUT_DIR, { recursive: true });
  const written: string[] = [];
  const write = async (name: string, content: string | undefined) => {
    if (content === undefined) return;
    await writeFile(path.join(OUT_DIR, name), content);
    written.push(path.relative(process.cwd(), path.join(OUT_DIR, name)));
  };
  await write('ratios.svg', ratioChart(results));
  for (const result of results) await write(`${result.benchmark}-lateness.svg`, latenessChart(result));
  console.log(
    results.length === 0
      ? `charts: no results in ${path.relative(process.cwd(), RESULTS_DIR)}`
      : `charts: ${results.map((r) => r.benchmark).join(', ')} → ${written.join(', ')}`,
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('charts: failed', err);
    process.exit(1);
  });
}
