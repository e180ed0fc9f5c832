/** A command-line option that must be a whole number of at least `min`; the error names the option. */
export function wholeNumberOption(name: string, raw: string | undefined, min: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number >= ${min}`);
  return value;
}
