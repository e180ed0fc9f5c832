import path from 'node:path';
import { SHARED_WORKFLOW_MODULES } from '../../workers/workflow-source';
import { packagesLoadedBy } from '../support/import-graph';

/**
 * Every cached workflow evaluates its own copy of each module it imports (the SDK's reusable V8
 * context): zod there cost about 0.8 MB a cached ticket (docs/benchmarks.md, "SLA timers").
 */
describe('what each cached workflow evaluates', () => {
  const loaded = packagesLoadedBy([path.join(__dirname, '..', '..', 'workflows', 'index.ts')]);

  test('workflow code does not load zod (the policy parser stays in activities)', () => {
    expect(loaded.get('zod')).toBeUndefined();
  });

  test('luxon, which calendars need, is shared by all workflows instead', () => {
    expect(loaded.has('luxon')).toBe(true);
    expect(SHARED_WORKFLOW_MODULES).toContain('luxon');
  });
});
