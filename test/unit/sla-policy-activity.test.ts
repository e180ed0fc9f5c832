import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '../../activities/errors';
import { createLifecycleActivities, type LifecycleActivityDeps } from '../../activities/lifecycle';
import { loadSlaPolicyCatalog } from '../../domain/sla/policy-catalog';

/** `loadSlaPolicy` touches no system: the other clients are never called here. */
const activities = createLifecycleActivities({
  policies: loadSlaPolicyCatalog(),
  routing: {} as LifecycleActivityDeps['routing'],
  zendesk: {} as LifecycleActivityDeps['zendesk'],
  salesforce: {} as LifecycleActivityDeps['salesforce'],
  slack: {} as LifecycleActivityDeps['slack'],
});

describe('loadSlaPolicy activity', () => {
  test('no version: the current one', async () => {
    expect((await activities.loadSlaPolicy()).version).toBe('2026-12-01');
    expect((await activities.loadSlaPolicy({})).version).toBe('2026-12-01');
  });

  test('a known version: that one', async () => {
    const policy = await activities.loadSlaPolicy({ version: '2026-11-23' });
    expect(policy.version).toBe('2026-11-23');
    expect(policy.calendars['24x5'].timeZone).toBe('UTC');
  });

  test('an unknown version fails for good (InvalidRequest, not retried)', async () => {
    const failure = await activities.loadSlaPolicy({ version: '1999-01-01' }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: FailureTypes.invalidRequest,
      nonRetryable: true,
      message: 'Unknown SLA policy version "1999-01-01" (known: 2026-11-23, 2026-12-01)',
    });
  });
});
