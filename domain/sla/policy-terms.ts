import type { BusinessCalendar } from './calendar';

/**
 * The SLA policy's vocabulary and shape, without its parser (policy.ts, over zod). Workflow code
 * imports from here: every cached workflow evaluates each module it imports for itself, and zod
 * alone was most of a cached ticket's memory (docs/benchmarks.md, "SLA timers").
 */
export const supportLevels = ['priority', 'standard'] as const;
export type SupportLevel = (typeof supportLevels)[number];

export const impacts = ['emergency', 'highly_degraded', 'medium', 'low'] as const;
export type Impact = (typeof impacts)[number];

export type ClockKind = 'first_reply' | 'next_reply';

export interface ClockTarget {
  targetMs: number;
  calendar: string;
}

/** SLA policies as data: calendars, targets per support level / impact / clock, warnings. */
export interface SlaPolicy {
  /** Which policy document this is (e.g. `2026-12-01`): tickets keep theirs until rolled to another. */
  version: string;
  calendars: Record<string, BusinessCalendar>;
  targets: Record<SupportLevel, Record<ClockKind, Record<Impact, ClockTarget>>>;
  /** Fraction of the target's business time after which a warning is raised (e.g. 0.75). */
  warningAtFraction: number;
  /** How long a solved ticket stays quiet before its workflow ends (Zendesk closes it by then). */
  solvedTicketEndsAfterMs: number;
  /**
   * S5/A5 retention: how long a ticket's files stay in the support bucket after it closes (or,
   * solved and never closed, after it was solved). Absent from policies loaded before it existed.
   */
  filesRetainedAfterCloseMs?: number;
}

/** Solved tickets end their workflow after four weeks of quiet unless the policy says otherwise. */
export const DEFAULT_SOLVED_TICKET_ENDS_AFTER = '28d';

/** A ticket's files are kept 30 days after it closes unless the policy says otherwise. */
export const DEFAULT_FILES_RETAINED_AFTER_CLOSE = '30d';
