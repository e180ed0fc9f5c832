import fc from 'fast-check';
import * as zendeskEvents from '../unit/fixtures/zendesk-ticket-events';
import {
  anyText,
  applyMutation,
  blank,
  fraction,
  jsonOtherThan,
  removed,
  setTo,
  tooLong,
  type Mutation,
} from './fuzz-arbitraries';

/**
 * Mutations of Zendesk's ticket events that make them invalid by construction (a required field
 * removed or of the wrong type, a value outside what Zendesk sends), for the fuzz tests of the
 * webhook parser (unit) and of the webhook endpoint (integration).
 */
/** One of Zendesk's reference events moved onto `ticketId`. */
const onTicket = (event: Record<string, unknown>, ticketId: number) =>
  applyMutation(applyMutation(event, { label: '', path: ['subject'], value: `zen:ticket:${ticketId}` }), {
    label: '',
    path: ['detail', 'id'],
    value: String(ticketId),
  });
/**
 * Zendesk's own ticket events (reference examples in test/unit/fixtures), about `ticketId`: each
 * is delivered to the ticket's workflow as it is (the tests check it), so a refusal of a mutated
 * one is the mutation's doing.
 */
export const zendeskEventBases = (ticketId: number) => ({
  created: onTicket(zendeskEvents.ticketCreated, ticketId),
  comment: onTicket(zendeskEvents.publicCommentByRequester, ticketId),
  note: onTicket(zendeskEvents.privateNoteByAgent, ticketId),
  status: onTicket(zendeskEvents.statusChangedToPending, ticketId),
  impact: onTicket(zendeskEvents.impactChanged, ticketId),
  priority: onTicket(zendeskEvents.priorityChanged, ticketId),
  form: onTicket(zendeskEvents.formChanged, ticketId),
  deleted: onTicket(zendeskEvents.softDeleted, ticketId),
  spam: onTicket(zendeskEvents.markedAsSpam, ticketId),
});
export type ZendeskEventBase = keyof ReturnType<typeof zendeskEventBases>;
export const zendeskEventBaseNames = Object.keys(zendeskEventBases(1)) as ZendeskEventBase[];

/** The configuration the reference events were written for (field ids, integration user). */
export const zendeskEventContext = {
  fields: { impact: zendeskEvents.IMPACT_FIELD_ID, partnerSituation: zendeskEvents.SITUATION_FIELD_ID },
  integrationUserId: zendeskEvents.INTEGRATION_USER_ID,
};

const statuses = ['new', 'open', 'pending', 'hold', 'solved', 'closed', 'deleted', 'archived', 'scrubbed'];
const notIn = (values: readonly string[]) =>
  anyText().filter((v) => v.trim() !== '' && !values.includes(v.trim().toLowerCase()));
const notAnId = anyText().filter((v) => !/^-?\d*$/.test(v.trim()));

/** Mutations that make any ticket event invalid, whatever its type. */
export const envelopeMutation = (ticketId: number): fc.Arbitrary<Mutation> =>
  fc.oneof(
    ...['type', 'id', 'time', 'account_id', 'subject', 'detail', 'event'].map((key) => removed([key])),
    setTo('type not a string', ['type'], jsonOtherThan('string')),
    setTo(
      'type not zen:event-type:',
      ['type'],
      anyText().filter((t) => !t.startsWith('zen:event-type:')),
    ),
    setTo('id not a string', ['id'], jsonOtherThan('string')),
    setTo('id blank', ['id'], blank),
    setTo('id too long', ['id'], tooLong(200)),
    setTo('time not a string', ['time'], jsonOtherThan('string')),
    setTo(
      'time without digits',
      ['time'],
      fc.string({ unit: fc.constantFrom(...'TZ:-+.abc '), maxLength: 30 }),
    ),
    setTo('account_id not a number', ['account_id'], jsonOtherThan('number')),
    setTo('account_id not whole', ['account_id'], fraction),
    setTo('subject not a string', ['subject'], jsonOtherThan('string')),
    setTo(
      'subject not zen:ticket:<id>',
      ['subject'],
      fc.oneof(
        anyText().filter((v) => !/^zen:ticket:[1-9]\d{0,14}$/.test(v)),
        fc.bigInt({ min: 10n ** 15n, max: 10n ** 20n }).map((id) => `zen:ticket:${id}`),
        fc.nat({ max: 10 ** 9 }).map((id) => `zen:ticket:0${id}`),
        fc.integer({ min: 1 }).map((id) => `zen:ticket:-${id}`),
      ),
    ),
    setTo('detail not an object', ['detail'], jsonOtherThan('object')),
    setTo('event not an object', ['event'], jsonOtherThan('object')),
    setTo(
      'detail.id another ticket',
      ['detail', 'id'],
      fc
        .integer({ min: 1, max: Number.MAX_SAFE_INTEGER })
        .filter((id) => id !== ticketId)
        .map(String),
    ),
    setTo(
      'detail.status unknown',
      ['detail', 'status'],
      fc.oneof(notIn(statuses), jsonOtherThan('string', { withNull: false })),
    ),
    setTo(
      'detail.actor_id not an id',
      ['detail', 'actor_id'],
      fc
        .oneof(notAnId, fraction, fc.boolean(), jsonOtherThan('number', { withNull: false }))
        .filter((v) => typeof v !== 'string' || !/^-?\d*$/.test(v.trim())),
    ),
    setTo('event.meta not an object', ['event', 'meta'], jsonOtherThan('object')),
    setTo(
      'event.meta.sequence invalid',
      ['event', 'meta', 'sequence'],
      fc.oneof(
        jsonOtherThan('object'),
        fc.record({ id: fc.constant(''), position: fc.nat(), total: fc.nat() }),
        fc.record({ id: fc.constant('S'), position: fc.integer({ max: -1 }), total: fc.nat() }),
        fc.record({ id: fc.constant('S'), position: fc.nat(), total: fraction }),
      ),
    ),
  );

/** Mutations that make an event of one type invalid. */
const typedMutations: Partial<Record<ZendeskEventBase, fc.Arbitrary<Mutation>>> = {
  comment: fc.oneof(
    setTo('comment not an object', ['event', 'comment'], jsonOtherThan('object')),
    setTo('is_public not a boolean', ['event', 'comment', 'is_public'], jsonOtherThan('boolean')),
    removed(['event', 'comment', 'is_public']),
    setTo('author not an object', ['event', 'comment', 'author'], jsonOtherThan('object')),
    setTo('is_staff not a boolean', ['event', 'comment', 'author', 'is_staff'], jsonOtherThan('boolean')),
  ),
  status: fc.oneof(
    removed(['event', 'current']),
    setTo('current null', ['event', 'current'], fc.constant(null)),
    setTo('current unknown', ['event', 'current'], fc.oneof(notIn(statuses), fc.integer(), fc.boolean())),
  ),
  impact: fc.oneof(
    setTo('custom_field not an object', ['event', 'custom_field'], jsonOtherThan('object')),
    setTo(
      'custom_field.id not an id',
      ['event', 'custom_field', 'id'],
      fc.oneof(
        anyText().filter((v) => !/^\d+$/.test(v.trim())),
        fc.integer({ max: 0 }),
        fraction,
        fc.boolean(),
        fc.constant(null),
      ),
    ),
    setTo('current not an object', ['event', 'current'], jsonOtherThan('object', { withNull: false })),
  ),
  priority: setTo(
    'current unknown',
    ['event', 'current'],
    fc.oneof(notIn(['low', 'normal', 'high', 'urgent']), fc.integer(), fc.boolean()),
  ),
  form: setTo('current not an id', ['event', 'current'], fc.oneof(notAnId, fraction, fc.boolean())),
};

/** A reference event and a mutation that makes it invalid (as a 400 must answer). */
export const mutatedZendeskEvent = (ticketId: number) =>
  fc
    .constantFrom(...zendeskEventBaseNames)
    .chain((base) =>
      fc
        .oneof(envelopeMutation(ticketId), ...(typedMutations[base] ? [typedMutations[base]] : []))
        .map((mutation) => ({ base, mutation })),
    );
