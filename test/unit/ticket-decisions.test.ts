import fc from 'fast-check';
import { DECISIONS_KEPT, recordDecision } from '../../workflows/partner-ticket/decisions';
import { initialState } from '../../workflows/partner-ticket/ticket-state';

/** A ticket's decisions stay bounded however long it lives; the counts keep the whole story. */
describe('recordDecision', () => {
  const rules = ['SLA', 'STAR', 'S2', 'LIFECYCLE'] as const;

  test('keeps the most recent window and counts every decision by rule', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...rules), { maxLength: 400 }), (sequence) => {
        const state = initialState(1);
        sequence.forEach((rule, i) => recordDecision(state, { rule, summary: `#${i}`, at: '' }));
        expect(state.decisions).toHaveLength(Math.min(sequence.length, DECISIONS_KEPT));
        expect(state.decisions.map((d) => d.summary)).toEqual(
          sequence.map((_, i) => `#${i}`).slice(-DECISIONS_KEPT),
        );
        for (const rule of rules) {
          expect(state.decisionCounts[rule] ?? 0).toBe(sequence.filter((r) => r === rule).length);
        }
      }),
    );
  });
});
