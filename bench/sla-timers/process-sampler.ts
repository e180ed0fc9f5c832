import { readFileSync } from 'node:fs';

/** Resident memory and CPU time of one process, read from Linux's /proc (bench-only). */
export interface ProcessSample {
  atMs: number;
  rssBytes: number;
  /** User + system CPU time so far, in seconds. */
  cpuSeconds: number;
}

const TICKS_PER_SECOND = 100;

export function sampleProcess(pid: number): ProcessSample | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { atMs: Date.now(), rssBytes: rssKb * 1024, cpuSeconds: ticks / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** Samples a process every `everyMs` until stopped; the peak RSS and CPU use between instants. */
export function startSampler(pid: number, everyMs = 1000) {
  const samples: ProcessSample[] = [];
  const take = (): void => {
    const sample = sampleProcess(pid);
    if (sample) samples.push(sample);
  };
  take();
  const timer = setInterval(take, everyMs);
  const between = (fromMs: number, toMs: number): ProcessSample[] =>
    samples.filter((s) => s.atMs >= fromMs && s.atMs <= toMs);
  return {
    samples,
    now: (): ProcessSample | undefined => {
      take();
      return samples[samples.length - 1];
    },
    peakRssBytes: (fromMs = 0, toMs = Number.MAX_SAFE_INTEGER): number =>
      Math.max(0, ...between(fromMs, toMs).map((s) => s.rssBytes)),
    /** CPU seconds used between two instants, and the busiest 5 s within them (as % of one core). */
    cpu(fromMs: number, toMs: number): { seconds: number; peakPercent: number } {
      const window = between(fromMs, toMs);
      if (window.length < 2) return { seconds: 0, peakPercent: 0 };
      let peak = 0;
      for (let i = 0, j = 0; i < window.length; i++) {
        while (window[i].atMs - window[j].atMs > 5000) j++;
        const span = (window[i].atMs - window[j].atMs) / 1000;
        if (span >= 2) peak = Math.max(peak, (100 * (window[i].cpuSeconds - window[j].cpuSeconds)) / span);
      }
      return { seconds: window[window.length - 1].cpuSeconds - window[0].cpuSeconds, peakPercent: peak };
    },
    stop: (): void => clearInterval(timer),
  };
}
