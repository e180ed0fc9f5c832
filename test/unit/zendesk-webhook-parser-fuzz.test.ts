import fc from 'fast-check';
import { parseZendeskWebhook } from '../../client/server/zendesk-webhook/zendesk-events';
import { applyMutation } from '../support/fuzz-arbitraries';
import { fuzzParameters } from '../support/fuzz';
import {
  mutatedZendeskEvent,
  zendeskEventBaseNames,
  zendeskEventBases,
  zendeskEventContext,
} from '../support/zendesk-event-mutations';

/**
 * The Zendesk webhook parser (pure), fuzzed with many more cases than the endpoint test can
 * afford (fast-check, fixed seed; FUZZ_RUNS / FUZZ_SEED for more): it never throws, refuses every
 * invalid mutation of Zendesk's reference events with a message, and whatever it accepts names
 * the ticket of the event's subject.
 */
const TICKET = 5158;
const bases = zendeskEventBases(TICKET);

describe('parseZendeskWebhook, fuzzed', () => {
  test('control: the reference events are delivered as they are', () => {
    for (const base of zendeskEventBaseNames) {
      expect(parseZendeskWebhook(bases[base], zendeskEventContext)).toMatchObject({
        ok: true,
        mapped: { kind: 'event', event: { ticketId: TICKET } },
      });
    }
  });

  test('an invalid mutation of a reference event is refused with a message', () => {
    fc.assert(
      fc.property(mutatedZendeskEvent(TICKET), ({ base, mutation }) => {
        const parsed = parseZendeskWebhook(applyMutation(bases[base], mutation), zendeskEventContext);
        expect(parsed).toEqual({ ok: false, message: expect.stringMatching(/\S/) });
      }),
      fuzzParameters(1500),
    );
  });

  test('any JSON value: never throws; what is accepted names the ticket of its subject', () => {
    const anyBody = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      // Reference events with any value anywhere one level down: valid or not, never a throw.
      fc
        .tuple(
          fc.constantFrom(...zendeskEventBaseNames),
          fc.constantFrom('type', 'id', 'time', 'subject', 'account_id', 'detail', 'event', 'meta'),
          fc.option(
            fc.constantFrom(
              'id',
              'actor_id',
              'requester_id',
              'status',
              'current',
              'comment',
              'meta',
              'custom_field',
            ),
          ),
          fc.jsonValue({ maxDepth: 3 }),
        )
        .map(([base, key, sub, value]) =>
          applyMutation(bases[base], { label: '', path: sub === null ? [key] : [key, sub], value }),
        ),
    );
    fc.assert(
      fc.property(anyBody, (body) => {
        const parsed = parseZendeskWebhook(body, zendeskEventContext);
        if (!parsed.ok) return expect(parsed.message).toMatch(/\S/);
        if (parsed.mapped.kind === 'ignored') return expect(parsed.mapped.reason).toMatch(/\S/);
        const subject = (body as { subject: string }).subject;
        expect(subject).toBe(`zen:ticket:${parsed.mapped.event.ticketId}`);
        expect(Number.isSafeInteger(parsed.mapped.event.ticketId)).toBe(true);
      }),
      fuzzParameters(1500),
    );
  });
});
