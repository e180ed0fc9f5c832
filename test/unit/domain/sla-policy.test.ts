import policyDocument from '../../../domain/sla/policy.json';
import { parsePolicyDuration, parseSlaPolicy, SlaPolicyError } from '../../../domain/sla';

const clone = (): Record<string, unknown> =>
  JSON.parse(JSON.stringify(policyDocument)) as Record<string, unknown>;

describe('SLA policy file', () => {
  test('the shipped policy is valid', () => {
    expect(() => parseSlaPolicy(policyDocument)).not.toThrow();
  });

  test('durations', () => {
    expect(parsePolicyDuration('30m')).toBe(30 * 60_000);
    expect(parsePolicyDuration('1h30m')).toBe(90 * 60_000);
    expect(parsePolicyDuration('1d')).toBe(24 * 3_600_000);
    expect(() => parsePolicyDuration('soon')).toThrow(/invalid duration/);
    expect(() => parsePolicyDuration('0m')).toThrow(/longer than zero/);
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
    let error: SlaPolicyError | undefined;
    try {
      parseSlaPolicy(doc);
    } catch (err) {
      error = err as SlaPolicyError;
    }
    expect(error).toBeInstanceOf(SlaPolicyError);
    const text = error?.problems.join('\n') ?? '';
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
});
