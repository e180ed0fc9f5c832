const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a policy duration such as `30m`, `4h`, `1d` or `1h30m` into milliseconds. */
export function parsePolicyDuration(text: string): number {
  const trimmed = text.trim();
  if (!/^(\d+[dhm])+$/.test(trimmed)) {
    throw new Error(`invalid duration "${text}": use minutes, hours or days such as 30m, 4h, 1d or 1h30m`);
  }
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([dhm])/g)) total += Number(amount) * UNIT_MS[unit];
  if (total <= 0) throw new Error(`invalid duration "${text}": must be longer than zero`);
  return total;
}

/** A human form of a duration, for notes: `30 min`, `4 h`, `1 h 30 min`. */
export function describeDuration(ms: number): string {
  const totalMinutes = Math.round(ms / 60_000);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}
