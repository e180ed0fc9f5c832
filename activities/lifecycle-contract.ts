import type { ContactStatus, IntakeFacts } from '../domain/intake';
import type { ZendeskRoutingContract } from '../domain/routing';
import type { SlaPolicy } from '../domain/sla/policy';

/** Intake facts plus what the lifecycle shows of the ticket itself. */
export interface TicketFacts extends IntakeFacts {
  ticket: IntakeFacts['ticket'] & { subject: string; status: string };
}

export interface TicketWrite {
  ticketId: number;
  /** Same key, same write: a retried activity never writes twice. */
  idempotencyKey: string;
}

/** A Zendesk write the ticket's lifecycle decided on, each harmless to repeat (set semantics or a key). */
export type ZendeskTicketWrite =
  | { kind: 'addTags'; tags: string[] }
  | { kind: 'removeTags'; tags: string[] }
  | { kind: 'route'; formId?: number; groupId?: number }
  | { kind: 'internalNote'; key: string; body: string }
  | { kind: 'publicComment'; key: string; body: string }
  | { kind: 'setPriority'; priority: 'urgent' }
  | { kind: 'solve' };

/** How far a run of writes went: all of them, or up to one Zendesk refused for good. */
export interface TicketWritesOutcome {
  /** Writes done, in order. */
  done: number;
  /** Why write number `done` was refused (a failure no retry fixes); the ones after it were not tried. */
  refused?: { type: string; message: string };
}

/**
 * The activities the partner ticket workflow calls. Workflows import this type only; the worker
 * registers `createLifecycleActivities(deps)`, which implements it over Zendesk, Salesforce and Slack.
 */
export interface LifecycleActivities {
  /** One SLA policy version (no version: the current one); an unknown version fails for good. */
  loadSlaPolicy(input?: { version?: string }): Promise<SlaPolicy>;
  gatherIntakeFacts(ticketId: number): Promise<{ facts: TicketFacts; contract: ZendeskRoutingContract }>;
  routeTicket(input: { ticketId: number; formId?: number; groupId?: number }): Promise<void>;
  addTicketTags(input: { ticketId: number; tags: string[] }): Promise<void>;
  addInternalNote(input: TicketWrite & { body: string }): Promise<void>;
  addPublicComment(input: TicketWrite & { body: string }): Promise<void>;
  removeTicketTags(input: { ticketId: number; tags: string[] }): Promise<void>;
  setTicketPriority(input: {
    ticketId: number;
    priority: 'urgent' | 'high' | 'normal' | 'low';
  }): Promise<void>;
  solveTicket(input: { ticketId: number }): Promise<void>;
  /** The ticket's queued Zendesk writes in one activity, in order (each resumed, not repeated, on retry). */
  applyTicketWrites(input: { ticketId: number; writes: ZendeskTicketWrite[] }): Promise<TicketWritesOutcome>;
  sendSupportAlert(input: TicketWrite & { text: string }): Promise<void>;
  notifyAccountOwner(input: TicketWrite & { ownerEmail: string; text: string }): Promise<void>;
  verifyContact(input: { email: string; accountId: string }): Promise<ContactStatus>;
}
