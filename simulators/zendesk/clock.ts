/**
 * The simulator's clock. Timestamps come from an injectable `now` so that tests on Temporal's
 * time-skipping server can move the simulator's time with the workflow's.
 */
export type Now = () => Date;

/** A timestamp as the Support API writes it: ISO-8601 in UTC, whole seconds (`2026-11-20T09:00:00Z`). */
export function zendeskTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
