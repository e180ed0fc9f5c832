/** Messages between bench/sla-timers.ts and its simulators process (bench/sla-timers/simulators.ts). */
export interface TicketSpec {
  /** When Zendesk should say the ticket was created (backdated for tickets due soon); absent: now. */
  createdAtMs?: number;
  subject: string;
  body: string;
  requesterId: number;
  formId: number;
  impact: string;
}

export type BenchRequest =
  | { type: 'create'; requestId: number; tickets: TicketSpec[] }
  | { type: 'triaged'; requestId: number; ids: number[] }
  | { type: 'triagedIds'; requestId: number; ids: number[] }
  | { type: 'messages'; requestId: number };

export interface SlackArrival {
  path: string;
  text: string;
  receivedAt: string;
}

export type BenchResponse =
  | {
      type: 'ready';
      zendeskApiUrl: string;
      salesforceUrl: string;
      slackUrl: string;
      alertWebhookPath: string;
      ownerWebhookPath: string;
      floorWebhookUrl: string;
    }
  | { type: 'created'; requestId: number; tickets: Array<{ id: number; createdAt: string }> }
  | { type: 'triaged'; requestId: number; count: number }
  | { type: 'triagedIds'; requestId: number; ids: number[] }
  | { type: 'messages'; requestId: number; messages: SlackArrival[] }
  | { type: 'error'; requestId: number; message: string };
