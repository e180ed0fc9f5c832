import { liveClocks, withLiveClocks, type StatusSnapshot } from '../../../domain/sla/live-status';
import { loadSlaPolicyCatalog } from '../../../domain/sla/policy-catalog';

const HOUR = 3_600_000;
const catalog = loadSlaPolicyCatalog();
const at = (iso: string): number => Date.parse(iso);

/** A Medium first-reply clock started Friday 2026-12-04 12:00 PST, the status taken at once. */
const friday: StatusSnapshot = {
  asOf: '2026-12-04T20:00:00.000Z',
  clocks: [
    {
      status: 'running',
      targetMs: 8 * HOUR,
      consumedMs: 0,
      calendar: '24x5',
      runningSince: '2026-12-04T20:00:00.000Z',
      deadline: '2026-12-07T02:00:00.000Z', // Sunday 18:00 PST on 2026-12-01
    },
  ],
};
const saturdayNoonUtc = at('2026-12-05T12:00:00Z');

describe('live clocks of a status', () => {
  test("the ticket's own version decides the calendar", () => {
    // 2026-12-01 (Los Angeles): Friday 12:00–17:00 PST counts, Saturday does not.
    expect(liveClocks({ ...friday, policyVersion: '2026-12-01' }, catalog, saturdayNoonUtc)).toEqual([
      {
        consumedMs: 5 * HOUR,
        remainingMs: 3 * HOUR,
        untilDeadlineMs: 38 * HOUR,
        now: '2026-12-05T12:00:00.000Z',
      },
    ]);
    // 2026-11-23 (UTC Monday–Friday): Friday counts until 24:00 UTC.
    expect(liveClocks({ ...friday, policyVersion: '2026-11-23' }, catalog, saturdayNoonUtc)[0]).toMatchObject(
      {
        consumedMs: 4 * HOUR,
        remainingMs: 4 * HOUR,
      },
    );
  });

  test('no version, or one this build does not know: the current version', () => {
    const expected = liveClocks({ ...friday, policyVersion: '2026-12-01' }, catalog, saturdayNoonUtc);
    expect(liveClocks(friday, catalog, saturdayNoonUtc)).toEqual(expected);
    expect(liveClocks({ ...friday, policyVersion: '2099-01-01' }, catalog, saturdayNoonUtc)).toEqual(
      expected,
    );
  });

  test('an unknown calendar or an unreadable asOf gives null, not a guess', () => {
    const clock = { ...friday.clocks[0], calendar: 'moon' };
    expect(liveClocks({ ...friday, clocks: [clock] }, catalog, saturdayNoonUtc)).toEqual([null]);
    expect(liveClocks({ ...friday, asOf: 'yesterday' }, catalog, saturdayNoonUtc)).toEqual([null]);
  });

  test('withLiveClocks keeps every field and adds live to each clock', () => {
    const status = { ...friday, ticketId: 7, phase: 'open' };
    const live = withLiveClocks(status, catalog, saturdayNoonUtc);
    expect(live).toMatchObject({ ticketId: 7, phase: 'open', asOf: friday.asOf });
    expect(live.clocks[0]).toMatchObject({ ...friday.clocks[0], live: { remainingMs: 3 * HOUR } });
  });
});
