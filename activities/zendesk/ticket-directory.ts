import type { TicketDirectory, TicketSummary } from '../tickets';
import type { ZendeskClient } from './client';

export function zendeskTicketDirectory(client: ZendeskClient): TicketDirectory {
  return {
    async getTicket(ticketId: number): Promise<TicketSummary> {
      const { result } = await client.tickets.show(ticketId);
      return { id: result.id, subject: result.subject ?? '', status: result.status ?? 'new' };
    },
  };
}
