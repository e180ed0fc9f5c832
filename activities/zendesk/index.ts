import type { AppConfig } from '../../config';
import type { ZendeskClient } from './client';
import { hasMarker, isValidIdempotencyKey, withMarker } from './comment-marker';
import { requireId, requireTags } from './inputs';
import { createOrganizationWrites } from './organization-writes';
import { invalidInput, zendeskRequest } from './request';
import { quoteSearchValue } from './search-terms';
import {
  settableStatuses,
  ticketPriorities,
  type ZendeskOrganization,
  type ZendeskPriority,
  type ZendeskSettableStatus,
  type ZendeskTicket,
  type ZendeskUser,
} from './types';
import { fieldValue, toOrganization, toTicket, toUser, type WireComment, type WireTicket } from './wire';

export { guardOrganization } from './organization-writes';
export type { ZendeskOrganization, ZendeskTicket, ZendeskUser } from './types';

export interface ZendeskActivityDeps {
  zendesk: ZendeskClient;
  /** The custom field ids of the data contract (config.zendesk.fields). */
  fields: AppConfig['zendesk']['fields'];
}

const COMMENTS_PER_PAGE = 100;
/** Comments scanned at most for an idempotency marker (100 pages). */
const MAX_COMMENT_PAGES = 100;

/**
 * The Zendesk activities, over node-zendesk (the real Support API or the simulator, by URL).
 * Every failure is classified by activities/errors.ts (see request.ts); every write is
 * idempotent: tag endpoints and field updates by nature, comments by their `ref:` marker,
 * users by create_or_update on the email.
 */
export function createZendeskActivities(deps: ZendeskActivityDeps) {
  const { zendesk: client, fields } = deps;

  const updateTicket = async (
    operation: string,
    ticketId: number,
    ticket: Record<string, unknown>,
  ): Promise<void> => {
    await zendeskRequest(operation, () => client.tickets.update(ticketId, { ticket }));
  };

  const getOrganization = async (organizationId: number): Promise<ZendeskOrganization> => {
    const id = requireId('organizations.show', 'organizationId', organizationId);
    const { result } = await zendeskRequest<unknown>('organizations.show', () =>
      client.organizations.show(id),
    );
    return toOrganization(result, 'organizations.show');
  };

  /** Whether a comment carrying the key's marker exists (newest first, every page). */
  const commentWritten = async (ticketId: number, idempotencyKey: string): Promise<boolean> => {
    for (let page = 1; page <= MAX_COMMENT_PAGES; page += 1) {
      const { result } = await zendeskRequest<WireComment[]>('tickets.comments', () =>
        client.tickets.get([
          'tickets',
          ticketId,
          'comments',
          { sort_order: 'desc', page, per_page: COMMENTS_PER_PAGE },
        ]),
      );
      const comments = Array.isArray(result) ? result : [];
      if (comments.some((comment) => hasMarker(comment, idempotencyKey))) return true;
      if (comments.length < COMMENTS_PER_PAGE) return false;
    }
    return false;
  };

  return {
    async getTicket(ticketId: number): Promise<ZendeskTicket> {
      const id = requireId('tickets.show', 'ticketId', ticketId);
      const { result } = await zendeskRequest<unknown>('tickets.show', () => client.tickets.show(id));
      return toTicket(result, fields, 'tickets.show');
    },

    async getUser(userId: number): Promise<ZendeskUser> {
      const id = requireId('users.show', 'userId', userId);
      const { result } = await zendeskRequest<unknown>('users.show', () => client.users.show(id));
      return toUser(result, 'users.show');
    },

    getOrganization,

    /**
     * A6: the ticket carrying a partner case number, found with the Search API on the
     * partner_case_number field. The value is one quoted term and every hit is compared with it
     * exactly, so a crafted "case number" finds nothing else. The oldest ticket wins if several
     * carry it. (Zendesk indexes new tickets within about a minute.)
     */
    async findTicketByCaseNumber(caseNumber: string): Promise<ZendeskTicket | null> {
      if (typeof caseNumber !== 'string' || caseNumber.trim() === '') return null;
      const wanted = caseNumber.trim();
      const query = `type:ticket custom_field_${fields.partnerCaseNumber}:${quoteSearchValue(wanted)}`;
      const { result } = await zendeskRequest<WireTicket[]>('search', () => client.search.query(query));
      const hits = (Array.isArray(result) ? result : [])
        .filter((hit) => (hit.result_type ?? 'ticket') === 'ticket')
        .filter((hit) => fieldValue(hit, fields.partnerCaseNumber) === wanted)
        .sort((a, b) => a.id - b.id);
      return hits.length > 0 ? toTicket(hits[0], fields, 'search') : null;
    },

    /** S1/A2: moves the ticket to a form and/or group (unchanged fields are left alone). */
    async routeTicket(input: { ticketId: number; formId?: number; groupId?: number }): Promise<void> {
      const ticketId = requireId('tickets.update', 'ticketId', input.ticketId);
      const ticket: Record<string, number> = {};
      if (input.formId !== undefined)
        ticket.ticket_form_id = requireId('tickets.update', 'formId', input.formId);
      if (input.groupId !== undefined)
        ticket.group_id = requireId('tickets.update', 'groupId', input.groupId);
      if (Object.keys(ticket).length === 0) return;
      await updateTicket('tickets.update', ticketId, ticket);
    },

    /** Adds tags (PUT /tickets/{id}/tags): adding a present tag changes nothing. */
    async addTicketTags(input: { ticketId: number; tags: string[] }): Promise<void> {
      const ticketId = requireId('tickets.tags.add', 'ticketId', input.ticketId);
      const tags = requireTags('tickets.tags.add', input.tags);
      if (tags.length === 0) return;
      await zendeskRequest('tickets.tags.add', () =>
        client.tickets.request('PUT', `tickets/${ticketId}/tags`, { tags }),
      );
    },

    /** Removes tags (DELETE /tickets/{id}/tags): removing an absent tag changes nothing. */
    async removeTicketTags(input: { ticketId: number; tags: string[] }): Promise<void> {
      const ticketId = requireId('tickets.tags.remove', 'ticketId', input.ticketId);
      const tags = requireTags('tickets.tags.remove', input.tags);
      if (tags.length === 0) return;
      await zendeskRequest('tickets.tags.remove', () =>
        client.tickets.request('DELETE', `tickets/${ticketId}/tags`, { tags }),
      );
    },

    /**
     * A public reply or an internal note, written once per idempotency key: the comment ends
     * with `ref: <key>`, and a comment with that line already on the ticket (a retry after a
     * lost response, a replayed step) means there is nothing to write.
     */
    async addTicketComment(input: {
      ticketId: number;
      idempotencyKey: string;
      body: string;
      public: boolean;
    }): Promise<{ written: boolean }> {
      const operation = 'tickets.comment';
      const ticketId = requireId(operation, 'ticketId', input.ticketId);
      if (!isValidIdempotencyKey(input.idempotencyKey)) {
        throw invalidInput(operation, 'idempotencyKey must be one line of up to 200 printable characters');
      }
      if (typeof input.body !== 'string' || input.body.trim() === '') {
        throw invalidInput(operation, 'the comment body is empty');
      }
      if (await commentWritten(ticketId, input.idempotencyKey)) return { written: false };
      await updateTicket(operation, ticketId, {
        comment: { body: withMarker(input.body, input.idempotencyKey), public: input.public === true },
      });
      return { written: true };
    },

    async setTicketPriority(input: { ticketId: number; priority: ZendeskPriority }): Promise<void> {
      const ticketId = requireId('tickets.update', 'ticketId', input.ticketId);
      if (!(ticketPriorities as readonly string[]).includes(input.priority)) {
        throw invalidInput('tickets.update', `priority must be one of ${ticketPriorities.join(', ')}`);
      }
      await updateTicket('tickets.update', ticketId, { priority: input.priority });
    },

    async setTicketStatus(input: { ticketId: number; status: ZendeskSettableStatus }): Promise<void> {
      const ticketId = requireId('tickets.update', 'ticketId', input.ticketId);
      if (!(settableStatuses as readonly string[]).includes(input.status)) {
        throw invalidInput('tickets.update', `status must be one of ${settableStatuses.join(', ')}`);
      }
      await updateTicket('tickets.update', ticketId, { status: input.status });
    },

    ...createOrganizationWrites({ client, getOrganization, updateTicket }),
  };
}

export type ZendeskActivities = ReturnType<typeof createZendeskActivities>;
