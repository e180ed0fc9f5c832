import { readFileSync } from 'node:fs';

/** One phase of a benchmark run: how long it took, and the machine's load average as it ended. */
export interface Phase {
  name: string;
  seconds: number;
  /** /proc/loadavg's 1-, 5- and 15-minute figures when the phase ended. */
  loadAverage: [number, number, number];
}

export function loadAverage(): [number, number, number] {
  try {
    const [one, five, fifteen] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
    return [one, five, fifteen];
  } catch {
    return [Number.NaN, Number.NaN, Number.NaN];
  }
}

/**
 * The run's phases back to back, from the process's start (bench-only): where the minutes go.
 * `end(name)` closes the phase that began where the previous one ended.
 */
export function phaseClock(log: (text: string) => void) {
  const startedAt = performance.timeOrigin;
  let lastEnd = startedAt;
  const phases: Phase[] = [];
  return {
    phases,
    end(name: string): Phase {
      const now = Date.now();
      const phase: Phase = { name, seconds: (now - lastEnd) / 1000, loadAverage: loadAverage() };
      lastEnd = now;
      phases.push(phase);
      log(`phase "${name}": ${phase.seconds.toFixed(0)} s (load average ${phase.loadAverage.join(' ')})`);
      return phase;
    },
    totalSeconds: (): number => (Date.now() - startedAt) / 1000,
    table(): string {
      return [
        '| Phase | Seconds | Load average at its end |',
        '| --- | ---: | --- |',
        ...phases.map((p) => `| ${p.name} | ${p.seconds.toFixed(0)} | ${p.loadAverage.join(' ')} |`),
        `| total so far | ${((lastEnd - startedAt) / 1000).toFixed(0)} | |`,
      ].join('\n');
    },
  };
}
