/** Readable workflow IDs, as DESIGN.md names them. */
export function partnerTicketWorkflowId(ticketId: number): string {
  return `partner-ticket-${ticketId}`;
}

/** A Zendesk ticket ID: a positive integer. */
export function isZendeskTicketId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
