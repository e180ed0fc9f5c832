import { FILES_REQUEST_TAG } from '../domain/request-tags';
import { between, seededRandom } from './random';

/**
 * The chaos run's ticket lifecycles: a seeded script of what partners and agents do in Zendesk
 * (and the partner's Slack form), one of a few kinds of lifecycle per ticket, each with what the
 * service must have done once everything has drained, whatever broke meanwhile.
 */
export type Step =
  | { kind: 'create'; impact: string }
  | { kind: 'comment'; by: 'agent' | 'requester' }
  | { kind: 'status'; status: 'pending' | 'open' | 'solved' | 'closed' }
  | { kind: 'impact'; impact: string }
  /** An agent adds a tag in Zendesk (`request_partner_files`: A5, the partner's files copied). */
  | { kind: 'tag'; tag: string }
  | { kind: 'escalate'; urgency: 'urgent' | 'timely' | 'not_urgent' };

export interface TimedStep {
  /** Wait this long after the previous step (the first: after the lifecycle's start). */
  afterMs: number;
  step: Step;
}

/** What the service must have done for a lifecycle, from the simulators and Temporal. */
export interface Expectation {
  /** Alerts naming the ticket in the alerts channel, by kind. */
  alerts: { warning: number; breach: number; star: number };
  /** Each SLA clock at the end, in order. */
  clocks: Array<{ kind: string; status: string; warned: boolean; breached: boolean; met: boolean }>;
  phase: string;
  /** Tags the Zendesk ticket must carry (others are allowed: the ticket's own). */
  tags: string[];
  /** Tags it must no longer carry (a request tag the service takes off once it acted on it). */
  absentTags?: string[];
  starred: boolean;
  /** A5: the partner's files copied once into the support bucket, one retrieval note. */
  partnerFiles?: boolean;
}

export interface Lifecycle {
  index: number;
  kind: LifecycleKind;
  /** When it starts, from the run's start. */
  startAtMs: number;
  steps: TimedStep[];
  expect: Expectation;
}

export const lifecycleKinds = ['breach', 'conversation', 'impact', 'escalation', 'files'] as const;
export type LifecycleKind = (typeof lifecycleKinds)[number];

/**
 * The Zendesk simulator's clock runs this far behind: an Emergency ticket's 30-minute first-reply
 * clock starts at a creation time 29 minutes ago, so its warning is due at once and its breach a
 * minute into the run (real time on a dev server; the other targets are hours away).
 */
export const ZENDESK_CLOCK_BEHIND_MS = 29 * 60_000;
/** An Emergency breach comes this long after its ticket is created (the clock above). */
const BREACH_AFTER_MS = 30 * 60_000 - ZENDESK_CLOCK_BEHIND_MS;

const baseTags = ['alliance_partner'];
const met = (kind: string) => ({ kind, status: 'met', warned: false, breached: false, met: true });
/** A ticket answered in time and closed: no alert, its clocks met, its partner tag, no STAR. */
const closedInTime = (clocks: Expectation['clocks']): Expectation => ({
  alerts: { warning: 0, breach: 0, star: 0 },
  clocks,
  phase: 'closed',
  tags: baseTags,
  starred: false,
});
function stepsOf(
  kind: LifecycleKind,
  gap: () => number,
  closeAfterMs: number,
): { steps: TimedStep[]; expect: Expectation } {
  const at = (step: Step, afterMs = gap()): TimedStep => ({ afterMs, step });
  switch (kind) {
    case 'breach':
      // Nobody answers the Emergency until after its breach: one warning, one breach.
      return {
        steps: [
          at({ kind: 'create', impact: 'emergency' }, 0),
          at({ kind: 'comment', by: 'agent' }, BREACH_AFTER_MS + 20_000),
          at({ kind: 'status', status: 'solved' }),
          at({ kind: 'status', status: 'closed' }, gap() + closeAfterMs),
        ],
        expect: {
          alerts: { warning: 1, breach: 1, star: 0 },
          clocks: [{ kind: 'first_reply', status: 'breached', warned: true, breached: true, met: true }],
          phase: 'closed',
          tags: [...baseTags, 'sla_warning', 'sla_breached'],
          starred: false,
        },
      };
    case 'conversation':
      // Both sides talk, pending and open, solved, reopened by the partner, solved, closed.
      return {
        steps: [
          at({ kind: 'create', impact: 'medium' }, 0),
          at({ kind: 'comment', by: 'agent' }),
          at({ kind: 'comment', by: 'requester' }),
          at({ kind: 'status', status: 'pending' }),
          at({ kind: 'status', status: 'open' }),
          at({ kind: 'comment', by: 'agent' }),
          at({ kind: 'status', status: 'solved' }),
          // Reopened: the partner's answer on the open ticket starts a next-reply clock (one made
          // while the ticket is still solved starts none: the workflow's rule, see the report).
          at({ kind: 'status', status: 'open' }),
          at({ kind: 'comment', by: 'requester' }),
          at({ kind: 'comment', by: 'agent' }),
          at({ kind: 'status', status: 'solved' }),
          at({ kind: 'status', status: 'closed' }, gap() + closeAfterMs),
        ],
        expect: closedInTime([met('first_reply'), met('next_reply'), met('next_reply')]),
      };
    case 'impact':
      return {
        steps: [
          at({ kind: 'create', impact: 'low' }, 0),
          at({ kind: 'impact', impact: 'highly_degraded' }),
          at({ kind: 'comment', by: 'agent' }),
          at({ kind: 'status', status: 'solved' }),
          at({ kind: 'status', status: 'closed' }, gap() + closeAfterMs),
        ],
        expect: closedInTime([met('first_reply')]),
      };
    case 'files':
      // An agent asks for the partner's files by tag (A5), answers, solves; closed later.
      return {
        steps: [
          at({ kind: 'create', impact: 'medium' }, 0),
          at({ kind: 'tag', tag: FILES_REQUEST_TAG }),
          at({ kind: 'comment', by: 'agent' }),
          at({ kind: 'status', status: 'solved' }),
          at({ kind: 'status', status: 'closed' }, gap() + closeAfterMs),
        ],
        expect: {
          ...closedInTime([met('first_reply')]),
          absentTags: [FILES_REQUEST_TAG],
          partnerFiles: true,
        },
      };
    case 'escalation':
      // The partner escalates through its Slack form; the ticket stays open (starred).
      return {
        steps: [
          at({ kind: 'create', impact: 'highly_degraded' }, 0),
          at({ kind: 'escalate', urgency: 'timely' }),
          at({ kind: 'comment', by: 'agent' }),
          at({ kind: 'comment', by: 'requester' }),
          at({ kind: 'comment', by: 'agent' }),
        ],
        expect: {
          alerts: { warning: 0, breach: 0, star: 1 },
          clocks: [met('first_reply'), met('next_reply')],
          phase: 'open',
          tags: [...baseTags, 'star'],
          starred: true,
        },
      };
  }
}

/**
 * `count` lifecycles started `spacingMs` apart, kinds in a seeded shuffle (breaches first, so
 * that their clocks run out while the storm is on); steps `stepGapMs` apart, give or take half.
 */
export function chaosScript({
  seed,
  count,
  spacingMs,
  stepGapMs,
  closeAfterMs,
}: {
  seed: number;
  count: number;
  spacingMs: number;
  stepGapMs: number;
  /**
   * How long after its solve a ticket is closed. Zendesk closes (agents cannot; an automation
   * does) an hour to days after the solve; the run closes within minutes, long enough for a
   * solved ticket's last writes (a breach tag, its note) to land while the storm delays them.
   * Zendesk takes no write on a closed ticket.
   */
  closeAfterMs: number;
}): Lifecycle[] {
  const random = seededRandom(seed);
  const kinds = Array.from({ length: count }, (_, i) => lifecycleKinds[i % lifecycleKinds.length]);
  for (let i = kinds.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  kinds.sort((a, b) => Number(b === 'breach') - Number(a === 'breach'));
  const gap = (): number => between(random, Math.round(stepGapMs / 2), Math.round((stepGapMs * 3) / 2));
  return kinds.map((kind, index) => ({
    index,
    kind,
    startAtMs: index * spacingMs,
    ...stepsOf(kind, gap, closeAfterMs),
  }));
}

/** How long the script runs: its last step. */
export const scriptDurationMs = (script: Lifecycle[]): number =>
  Math.max(...script.map((l) => l.startAtMs + l.steps.reduce((sum, s) => sum + s.afterMs, 0)));
