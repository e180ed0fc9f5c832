import { z } from 'zod';
import type { BusinessCalendar, OpenWindow, Weekday } from './calendar';
import { parsePolicyDuration } from './duration';

export * from './policy-terms';
import type { ClockKind, ClockTarget, Impact, SlaPolicy, SupportLevel } from './policy-terms';
import {
  DEFAULT_FILES_RETAINED_AFTER_CLOSE,
  DEFAULT_SOLVED_TICKET_ENDS_AFTER,
  impacts,
  supportLevels,
} from './policy-terms';

const duration = z.string().transform((text, ctx) => {
  try {
    return parsePolicyDuration(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const weekdayNames = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;

const time = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:mm (00:00–24:00)')
  .transform((value) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3)));

const windowSchema = z
  .tuple([time, time])
  .refine(([from, to]) => from < to, 'a window must end after it starts')
  .transform(([fromMinute, toMinute]): OpenWindow => ({ fromMinute, toMinute }));

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'unknown IANA time zone');

const calendarSchema = z.object({
  /** Where the window (and holidays) come from, so that the data can be checked against it. */
  reference: z.url().optional(),
  timeZone,
  week: z.partialRecord(
    z.enum(Object.keys(weekdayNames) as [keyof typeof weekdayNames]),
    z.array(windowSchema),
  ),
  holidays: z.array(z.iso.date()).default([]),
});

const targetSchema = z.object({ target: duration, calendar: z.string().min(1) });
const byImpact = z.object(
  Object.fromEntries(impacts.map((impact) => [impact, targetSchema])) as Record<Impact, typeof targetSchema>,
);
const byClock = z.object({ first_reply: byImpact, next_reply: byImpact });

export const slaPolicySchema = z
  .object({
    version: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(\.\d+)?$/, 'expected a date such as 2026-12-01 (optionally .2)'),
    solvedTicketEndsAfter: duration.default(parsePolicyDuration(DEFAULT_SOLVED_TICKET_ENDS_AFTER)),
    filesRetainedAfterClose: duration.default(parsePolicyDuration(DEFAULT_FILES_RETAINED_AFTER_CLOSE)),
    calendars: z.record(z.string().min(1), calendarSchema),
    targets: z.object({ priority: byClock, standard: byClock }),
    warningAtFraction: z.number().gt(0).lt(1),
  })
  .superRefine((policy, ctx) => {
    for (const [name, calendar] of Object.entries(policy.calendars)) {
      for (const [day, windows = []] of Object.entries(calendar.week)) {
        for (let i = 1; i < windows.length; i++) {
          if (windows[i].fromMinute < windows[i - 1].toMinute) {
            ctx.addIssue({
              code: 'custom',
              path: ['calendars', name, 'week', day],
              message: 'windows must be ascending and not overlap',
            });
          }
        }
      }
      if (Object.values(calendar.week).every((windows) => (windows ?? []).length === 0)) {
        ctx.addIssue({
          code: 'custom',
          path: ['calendars', name, 'week'],
          message: 'a calendar needs at least one open window',
        });
      }
    }
    for (const level of supportLevels) {
      for (const clock of ['first_reply', 'next_reply'] as const) {
        for (const impact of impacts) {
          const calendar = policy.targets[level][clock][impact].calendar;
          if (!(calendar in policy.calendars)) {
            ctx.addIssue({
              code: 'custom',
              path: ['targets', level, clock, impact, 'calendar'],
              message: `unknown calendar "${calendar}"`,
            });
          }
        }
      }
    }
  });

export class SlaPolicyError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid SLA policy:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SlaPolicyError';
  }
}

/** Validates a policy document (the parsed JSON of one `domain/sla/policies/<version>.json`). */
export function parseSlaPolicy(document: unknown): SlaPolicy {
  const parsed = slaPolicySchema.safeParse(document);
  if (!parsed.success) {
    throw new SlaPolicyError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const calendars = Object.fromEntries(
    Object.entries(parsed.data.calendars).map(([name, calendar]): [string, BusinessCalendar] => [
      name,
      {
        name,
        ...(calendar.reference !== undefined ? { reference: calendar.reference } : {}),
        timeZone: calendar.timeZone,
        holidays: calendar.holidays,
        week: Object.fromEntries(
          Object.entries(calendar.week).map(([day, windows]) => [
            weekdayNames[day as keyof typeof weekdayNames],
            windows,
          ]),
        ) as Partial<Record<Weekday, OpenWindow[]>>,
      },
    ]),
  );
  const targets = parsed.data.targets as unknown as Record<
    SupportLevel,
    Record<ClockKind, Record<Impact, { target: number; calendar: string }>>
  >;
  const mapTargets = (level: SupportLevel): Record<ClockKind, Record<Impact, ClockTarget>> => ({
    first_reply: mapImpacts(targets[level].first_reply),
    next_reply: mapImpacts(targets[level].next_reply),
  });
  return {
    version: parsed.data.version,
    calendars,
    targets: { priority: mapTargets('priority'), standard: mapTargets('standard') },
    warningAtFraction: parsed.data.warningAtFraction,
    solvedTicketEndsAfterMs: parsed.data.solvedTicketEndsAfter,
    filesRetainedAfterCloseMs: parsed.data.filesRetainedAfterClose,
  };
}

function mapImpacts(
  byImpactTargets: Record<Impact, { target: number; calendar: string }>,
): Record<Impact, ClockTarget> {
  return Object.fromEntries(
    impacts.map((impact) => [
      impact,
      { targetMs: byImpactTargets[impact].target, calendar: byImpactTargets[impact].calendar },
    ]),
  ) as Record<Impact, ClockTarget>;
}

/** The target for a clock; Standard support has one target whatever the impact. */
export function clockTarget(
  policy: SlaPolicy,
  level: SupportLevel,
  kind: ClockKind,
  impact: Impact,
): ClockTarget & { calendarOf: BusinessCalendar } {
  const target = policy.targets[level][kind][impact];
  return { ...target, calendarOf: policy.calendars[target.calendar] };
}
