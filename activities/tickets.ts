/** What the lifecycle needs to know about a ticket at intake. */
export interface TicketSummary {
  id: number;
  subject: string;
  status: string;
}

/** Where tickets come from: Zendesk in production, the Zendesk simulator locally. */
export interface TicketDirectory {
  getTicket(ticketId: number): Promise<TicketSummary>;
}

export interface TicketActivityDeps {
  tickets: TicketDirectory;
}

export function createTicketActivities(deps: TicketActivityDeps) {
  return {
    async loadTicket(ticketId: number): Promise<TicketSummary> {
      return deps.tickets.getTicket(ticketId);
    },
  };
}

export type TicketActivities = ReturnType<typeof createTicketActivities>;
