import { asBenchResult, cdfPoints, humanSeconds, latenessChart, logX, ratioChart } from '../../bench/charts';
import type { BenchResult } from '../../bench/results-format';

describe('bench charts', () => {
  test('the lateness axis is logarithmic from 10 ms to 2 hours, clamping what lies outside', () => {
    expect(logX(0.01, 0, 100)).toBe(0);
    expect(logX(7200, 0, 100)).toBeCloseTo(100);
    // Each decade takes the same width.
    expect(logX(1, 0, 100) - logX(0.1, 0, 100)).toBeCloseTo(logX(100, 0, 100) - logX(10, 0, 100));
    expect(logX(-5, 0, 100)).toBe(0);
    expect(logX(1e9, 0, 100)).toBeCloseTo(100);
  });

  test('the CDF rises to 1 at the largest sample, in seconds', () => {
    const points = cdfPoints([3000, 1000, 2000, 4000]);
    expect(points[0]).toEqual([1, 0.25]);
    expect(points[points.length - 1]).toEqual([4, 1]);
    expect(points.map(([, f]) => f)).toEqual([...points.map(([, f]) => f)].sort((a, b) => a - b));
    expect(cdfPoints([])).toEqual([]);
  });

  test('seconds are written as people read them', () => {
    expect(humanSeconds(0.25)).toBe('250 ms');
    expect(humanSeconds(2.5)).toBe('2.5 s');
    expect(humanSeconds(300)).toBe('5 min');
    expect(humanSeconds(3600)).toBe('1 h');
  });

  const result: BenchResult = {
    benchmark: 'sla-timers',
    title: 'Breaches <1,000>',
    recordedAt: '2026-11-30T17:00:00Z',
    measures: [
      { name: 'p99', unit: 's', ours: 2, floor: 1, ratio: 2, target: { ratio: 1.5, kind: 'at-most' } },
    ],
    distributions: [{ name: 'breaches', oursMs: [100, 200, 5000], floorMs: [50, 80] }],
  };

  test('a lateness chart shows ours, the floor and the polling peers, with text escaped', () => {
    const svg = latenessChart(result) ?? '';
    expect(svg).toContain('<svg');
    expect(svg).toContain('Breaches &lt;1,000&gt;');
    expect(svg).toContain('ours: breaches (3): p50 200 ms, p99 5 s');
    expect(svg).toContain('floor: breaches (2)');
    expect(svg).toContain('Zendesk automations');
    expect(latenessChart({ ...result, distributions: [] })).toBeUndefined();
  });

  test('a ratio bar is red when its target is missed, green when met', () => {
    expect(ratioChart([result])).toContain('#dc2626');
    const met = { ...result, measures: [{ ...result.measures![0], ratio: 1.2 }] };
    expect(ratioChart([met])).toContain('#16a34a');
    expect(ratioChart([{ ...result, measures: undefined }])).toBeUndefined();
  });

  test('an older flat result is read as one throughput measure; anything else is refused', () => {
    const flat = asBenchResult('file-retrieval', {
      oursMBps: 8.3,
      floorMBps: 6.9,
      ratio: 1.2,
      target: 0.8,
      at: 'x',
    });
    expect(flat?.measures).toEqual([
      {
        name: 'file-retrieval',
        unit: 'MB/s',
        ours: 8.3,
        floor: 6.9,
        ratio: 1.2,
        target: { ratio: 0.8, kind: 'at-least' },
      },
    ]);
    expect(asBenchResult('x', { hello: 1 })).toBeUndefined();
  });
});
