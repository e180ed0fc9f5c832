import policy20261123 from '../../../domain/sla/policies/2026-11-23.json';
import policy20261201 from '../../../domain/sla/policies/2026-12-01.json';
import { parsePolicyDuration, parseSlaPolicy, SlaPolicyError } from '../../../domain/sla';
import {
  buildSlaPolicyCatalog,
  currentPolicy,
  loadSlaPolicyCatalog,
  policyByVersion,
  UnknownSlaPolicyVersionError,
} from '../../../domain/sla/policy-catalog';

const DAY = 24 * 3_600_000;

const clone = (document: unknown = policy20261201): Record<string, unknown> =>
  JSON.parse(JSON.stringify(document)) as Record<string, unknown>;

const problemsOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SlaPolicyError);
    return (err as SlaPolicyError).problems.join('\n');
  }
  throw new Error('expected an SlaPolicyError');
};

describe('SLA policy files', () => {
  test('every shipped version is valid and carries its version and solved-ticket lifetime', () => {
    const catalog = loadSlaPolicyCatalog();
    expect(catalog.current).toBe('2026-12-01');
    expect(Object.keys(catalog.versions)).toEqual(['2026-11-23', '2026-12-01']);
    for (const [version, policy] of Object.entries(catalog.versions)) {
      expect(policy.version).toBe(version);
      expect(policy.solvedTicketEndsAfterMs).toBe(28 * DAY);
    }
  });

  test('2026-11-23 keeps the UTC Monday–Friday calendar it shipped with', () => {
    const old = policyByVersion(loadSlaPolicyCatalog(), '2026-11-23');
    expect(old.calendars['24x5']).toMatchObject({
      timeZone: 'UTC',
      holidays: ['2026-12-25', '2027-01-01', '2027-12-24', '2027-12-31'],
    });
    expect(Object.keys(old.calendars['24x5'].week)).toEqual(['1', '2', '3', '4', '5']);
  });

  test('2026-12-01: 24x5 is GitLab Support Staffing Hours in Los Angeles, with its reference', () => {
    const current = currentPolicy(loadSlaPolicyCatalog());
    const calendar = current.calendars['24x5'];
    expect(calendar.timeZone).toBe('America/Los_Angeles');
    expect(calendar.reference).toBe(
      'https://handbook.gitlab.com/handbook/security/customer-support-operations/zendesk/schedules/',
    );
    expect(calendar.week).toEqual({
      7: [{ fromMinute: 15 * 60, toMinute: 1440 }],
      1: [{ fromMinute: 0, toMinute: 1440 }],
      2: [{ fromMinute: 0, toMinute: 1440 }],
      3: [{ fromMinute: 0, toMinute: 1440 }],
      4: [{ fromMinute: 0, toMinute: 1440 }],
      5: [{ fromMinute: 0, toMinute: 17 * 60 }],
    });
    // The targets did not change between the versions; only the calendar did.
    expect(current.targets).toEqual(policyByVersion(loadSlaPolicyCatalog(), '2026-11-23').targets);
  });

  test('durations', () => {
    expect(parsePolicyDuration('30m')).toBe(30 * 60_000);
    expect(parsePolicyDuration('1h30m')).toBe(90 * 60_000);
    expect(parsePolicyDuration('1d')).toBe(24 * 3_600_000);
    expect(() => parsePolicyDuration('soon')).toThrow(/invalid duration/);
    expect(() => parsePolicyDuration('0m')).toThrow(/longer than zero/);
  });

  test('solvedTicketEndsAfter defaults to 28 days and is validated when given', () => {
    const doc = clone();
    delete doc.solvedTicketEndsAfter;
    expect(parseSlaPolicy(doc).solvedTicketEndsAfterMs).toBe(28 * DAY);
    expect(parseSlaPolicy({ ...doc, solvedTicketEndsAfter: '7d' }).solvedTicketEndsAfterMs).toBe(7 * DAY);
    expect(problemsOf(() => parseSlaPolicy({ ...doc, solvedTicketEndsAfter: 'a month' }))).toMatch(
      /solvedTicketEndsAfter: invalid duration/,
    );
  });

  test('filesRetainedAfterClose (S5/A5 retention) defaults to 30 days and is validated when given', () => {
    const doc = clone();
    delete doc.filesRetainedAfterClose;
    expect(parseSlaPolicy(doc).filesRetainedAfterCloseMs).toBe(30 * DAY);
    expect(parseSlaPolicy({ ...doc, filesRetainedAfterClose: '90d' }).filesRetainedAfterCloseMs).toBe(
      90 * DAY,
    );
    expect(problemsOf(() => parseSlaPolicy({ ...doc, filesRetainedAfterClose: 'forever' }))).toMatch(
      /filesRetainedAfterClose: invalid duration/,
    );
  });

  test('a version is required and looks like a date', () => {
    const doc = clone();
    delete doc.version;
    expect(problemsOf(() => parseSlaPolicy(doc))).toMatch(/^version: /m);
    expect(problemsOf(() => parseSlaPolicy({ ...doc, version: 'latest' }))).toMatch(
      /version: expected a date/,
    );
  });

  test('every problem is named: unknown calendar, bad time zone, bad window, missing impact, bad duration', () => {
    const doc = clone() as {
      calendars: Record<string, { timeZone: string; week: Record<string, string[][]> }>;
      targets: {
        priority: { first_reply: Record<string, unknown> };
        standard: { next_reply: Record<string, { target: string; calendar: string }> };
      };
    };
    doc.calendars['24x5'].timeZone = 'Mars/Olympus_Mons';
    doc.calendars['24x7'].week.mon = [['10:00', '09:00']];
    delete doc.targets.priority.first_reply.low;
    doc.targets.standard.next_reply.low = { target: 'soon', calendar: 'weekdays' };
    const text = problemsOf(() => parseSlaPolicy(doc));
    expect(text).toMatch(/calendars\.24x5\.timeZone: unknown IANA time zone/);
    expect(text).toMatch(/calendars\.24x7\.week\.mon\.0/);
    expect(text).toMatch(/targets\.priority\.first_reply\.low/);
    expect(text).toMatch(/targets\.standard\.next_reply\.low\.target: invalid duration/);
  });

  test('a target on a calendar that does not exist is refused', () => {
    const doc = clone() as { targets: { standard: { first_reply: { low: { calendar: string } } } } };
    doc.targets.standard.first_reply.low.calendar = 'weekdays';
    expect(() => parseSlaPolicy(doc)).toThrow(/unknown calendar "weekdays"/);
  });

  test('a window that crosses midnight must be split per day', () => {
    const doc = clone() as { calendars: Record<string, { week: Record<string, string[][]> }> };
    doc.calendars['24x5'].week.sun = [['15:00', '03:00']];
    expect(problemsOf(() => parseSlaPolicy(doc))).toMatch(/calendars\.24x5\.week\.sun\.0: a window must end/);
  });
});

describe('SLA policy catalog', () => {
  test('an unknown version is an error naming the known ones', () => {
    const catalog = loadSlaPolicyCatalog();
    expect(() => policyByVersion(catalog, '2025-01-01')).toThrow(UnknownSlaPolicyVersionError);
    expect(() => policyByVersion(catalog, '2025-01-01')).toThrow(
      'Unknown SLA policy version "2025-01-01" (known: 2026-11-23, 2026-12-01)',
    );
    // Not fooled by names every object has.
    expect(() => policyByVersion(catalog, 'constructor')).toThrow(UnknownSlaPolicyVersionError);
  });

  test('versions must be unique', () => {
    expect(problemsOf(() => buildSlaPolicyCatalog([policy20261201, clone()], '2026-12-01'))).toMatch(
      /document 2: version "2026-12-01" appears more than once/,
    );
  });

  test('the current version must be one of the documents', () => {
    expect(problemsOf(() => buildSlaPolicyCatalog([policy20261123], '2026-12-01'))).toMatch(
      /current version "2026-12-01" is not among the documents \(2026-11-23\)/,
    );
  });

  test('an invalid document is named by its position', () => {
    const broken = clone();
    broken.warningAtFraction = 2;
    expect(problemsOf(() => buildSlaPolicyCatalog([policy20261123, broken], '2026-11-23'))).toMatch(
      /document 2: warningAtFraction/,
    );
  });
});
