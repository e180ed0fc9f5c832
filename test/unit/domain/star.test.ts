import {
  acknowledgeStar,
  isStarred,
  lapseStar,
  raiseStar,
  StarRuleError,
  unstar,
  type StarRequest,
} from '../../../domain/star';

const MINUTE = 60_000;
const request = (over: Partial<StarRequest> = {}): StarRequest => ({
  reason: 'Production down',
  desiredActions: 'Engage an engineer now',
  submitter: 'carol@globex.example',
  source: 'slack_form',
  urgency: 'timely',
  emergency: false,
  ...over,
});

describe('STAR rules', () => {
  test('raised once, with an acknowledgement clock by urgency', () => {
    expect(raiseStar(undefined, request({ urgency: 'urgent' }), 0).star.acknowledgeBy).toBe(30 * MINUTE);
    expect(raiseStar(undefined, request({ urgency: 'timely' }), 0).star.acknowledgeBy).toBe(60 * MINUTE);
    expect(raiseStar(undefined, request({ urgency: 'not_urgent' }), 0).star.acknowledgeBy).toBe(120 * MINUTE);
  });

  test('an emergency is Urgent whatever urgency was chosen', () => {
    const { star } = raiseStar(undefined, request({ urgency: 'not_urgent', emergency: true }), 0);
    expect(star).toMatchObject({ urgency: 'urgent', emergency: true, acknowledgeBy: 30 * MINUTE });
  });

  test('a second request coalesces into the raised STAR; a more urgent one tightens the clock', () => {
    const first = raiseStar(undefined, request({ urgency: 'not_urgent' }), 0).star;
    const second = raiseStar(first, request({ urgency: 'not_urgent', submitter: 'other' }), 10 * MINUTE);
    expect(second.outcome).toBe('coalesced');
    expect(second.star.requests).toHaveLength(2);
    expect(second.star.acknowledgeBy).toBe(120 * MINUTE);
    const urgent = raiseStar(second.star, request({ urgency: 'urgent' }), 20 * MINUTE);
    expect(urgent.star).toMatchObject({ urgency: 'urgent', acknowledgeBy: 50 * MINUTE });
  });

  test('a lapsed acknowledgement clock escalates further and re-arms', () => {
    const { star } = raiseStar(undefined, request({ urgency: 'urgent' }), 0);
    expect(lapseStar(star, 29 * MINUTE).lapsed).toBe(false);
    const lapsed = lapseStar(star, 30 * MINUTE);
    expect(lapsed).toMatchObject({ lapsed: true, star: { escalationLevel: 1, acknowledgeBy: 60 * MINUTE } });
  });

  test('acknowledged STARs do not lapse', () => {
    const acked = acknowledgeStar(raiseStar(undefined, request(), 0).star, 'Maria Manager', 5 * MINUTE);
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'Maria Manager' });
    expect(lapseStar(acked, 500 * MINUTE).lapsed).toBe(false);
  });

  test('unstarring needs a reason, and ends the STAR', () => {
    const { star } = raiseStar(undefined, request(), 0);
    expect(() => unstar(star, 'Maria', '  ', 1)).toThrow(StarRuleError);
    const done = unstar(star, 'Maria', 'Resolved with the partner', 1);
    expect(isStarred(done)).toBe(false);
    expect(raiseStar(done, request(), 2).outcome).toBe('raised');
  });

  test('nothing to acknowledge or unstar on an unstarred ticket', () => {
    expect(() => acknowledgeStar(undefined, 'Maria', 0)).toThrow(/not starred/);
    expect(() => unstar(undefined, 'Maria', 'why', 0)).toThrow(/not starred/);
  });
});
