import { loadConfig, type AppConfig } from '../../config';
import { startSalesforceSimulator } from '../../simulators/salesforce';
import { startSlackSimulator } from '../../simulators/slack';
import { startZendeskSimulator } from '../../simulators/zendesk';

/** A ticket as the Zendesk simulator serves it over the Support API (the wire shape). */
export interface WireTicket {
  id: number;
  status: string;
  priority: string | null;
  tags: string[];
  ticket_form_id: number | null;
  group_id: number | null;
  organization_id: number | null;
  custom_fields: Array<{ id: number; value: unknown }>;
}

export interface WireComment {
  id: number;
  body: string;
  public: boolean;
  author_id: number;
}

export interface NewTicket {
  subject?: string;
  requesterId: number;
  organizationId?: number | null;
  formId?: number | null;
  groupId?: number | null;
  impact?: string | null;
  partnerSituation?: string | null;
  partnerCaseNumber?: string | null;
  nfrSoftware?: boolean;
}

/**
 * The fixture's usual partner ticket: Carol of Globex Cloud (Alliance, Priority, with organization
 * notes and a verified contact) on the Alliance form and group; `fields` change what a test needs.
 */
export const globexAllianceTicket = (fields: Partial<NewTicket> = {}): NewTicket => ({
  requesterId: 2003,
  organizationId: 1003,
  formId: 360001172559,
  groupId: 3002,
  impact: 'medium',
  ...fields,
});

/**
 * The three API simulators in this process, on ephemeral ports, and a configuration pointing the
 * real clients at them. Tests read results over the same wire API the activities write through.
 */
export interface SimulatedWorld {
  config: AppConfig;
  zendesk: Awaited<ReturnType<typeof startZendeskSimulator>>;
  salesforce: Awaited<ReturnType<typeof startSalesforceSimulator>>;
  slack: Awaited<ReturnType<typeof startSlackSimulator>>;
  /** The simulators' clock: tests under time skipping set it to the test server's time. */
  setNow(ms: number): void;
  createTicket(ticket: NewTicket): Promise<number>;
  updateTicket(ticketId: number, ticket: Record<string, unknown>): Promise<void>;
  /** Deletes the ticket (Support API "Delete Ticket"): from then on it answers 404. */
  deleteTicket(ticketId: number): Promise<void>;
  ticket(ticketId: number): Promise<WireTicket>;
  comments(ticketId: number): Promise<WireComment[]>;
  slackMessages(channel: 'alerts' | 'owners'): string[];
  /** Salesforce writes as an admin would make them, over the REST API. */
  updateSalesforceRecord(type: string, id: string, fields: Record<string, unknown>): Promise<void>;
  createSalesforceRecord(type: string, fields: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

const ALERTS_PATH = '/services/T0LOCAL/B0ALERTS/local-alerts';
const OWNERS_PATH = '/services/T0LOCAL/B0OWNERS/local-owners';

/** `clockBehindMs`: the Zendesk simulator's clock runs this far behind (a chaos run backdates tickets). */
export async function startSimulatedWorld({
  clockBehindMs = 0,
}: { clockBehindMs?: number } = {}): Promise<SimulatedWorld> {
  let nowMs: number | undefined;
  const now = (): Date => new Date(nowMs ?? Date.now() - clockBehindMs);
  const base = loadConfig({});
  const zendesk = await startZendeskSimulator({ port: 0, now });
  const salesforce = await startSalesforceSimulator({
    port: 0,
    clientId: base.salesforce.clientId,
    clientSecret: base.salesforce.clientSecret,
  });
  const slack = await startSlackSimulator({ port: 0 });
  const config = loadConfig({
    ZENDESK_URL: zendesk.apiUrl,
    SALESFORCE_LOGIN_URL: salesforce.url,
    SLACK_ALERT_WEBHOOK_URL: `${slack.url}${ALERTS_PATH}`,
    SLACK_OWNER_WEBHOOK_URL: `${slack.url}${OWNERS_PATH}`,
  });
  const auth = `Basic ${Buffer.from(`${config.zendesk.email}/token:${config.zendesk.apiToken}`).toString('base64')}`;
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${zendesk.apiUrl}${path}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  const fields = config.zendesk.fields;
  const salesforceApi = async (method: string, path: string, body: unknown): Promise<Response> => {
    const token = await fetch(`${salesforce.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: config.salesforce.clientId,
        client_secret: config.salesforce.clientSecret,
      }),
    });
    const { access_token: accessToken } = (await token.json()) as { access_token: string };
    const response = await fetch(
      `${salesforce.url}/services/data/v${config.salesforce.apiVersion}/sobjects/${path}`,
      {
        method,
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
    );
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    return response;
  };

  return {
    config,
    zendesk,
    salesforce,
    slack,
    setNow(ms) {
      nowMs = ms;
    },
    async createTicket(ticket) {
      const custom = [
        { id: fields.impact, value: ticket.impact ?? null },
        { id: fields.partnerSituation, value: ticket.partnerSituation ?? null },
        { id: fields.partnerCaseNumber, value: ticket.partnerCaseNumber ?? null },
        { id: fields.nfrSoftware, value: ticket.nfrSoftware ?? false },
      ];
      const created = await api<{ ticket: { id: number } }>('POST', '/tickets.json', {
        ticket: {
          subject: ticket.subject ?? 'Pipelines stuck in pending',
          comment: { body: 'Since this morning our pipelines stay pending.' },
          requester_id: ticket.requesterId,
          organization_id: ticket.organizationId,
          ticket_form_id: ticket.formId,
          group_id: ticket.groupId,
          custom_fields: custom,
        },
      });
      return created.ticket.id;
    },
    async updateTicket(ticketId, ticket) {
      await api('PUT', `/tickets/${ticketId}.json`, { ticket });
    },
    async deleteTicket(ticketId) {
      await api('DELETE', `/tickets/${ticketId}.json`);
    },
    async ticket(ticketId) {
      return (await api<{ ticket: WireTicket }>('GET', `/tickets/${ticketId}.json`)).ticket;
    },
    async comments(ticketId) {
      return (await api<{ comments: WireComment[] }>('GET', `/tickets/${ticketId}/comments.json`)).comments;
    },
    slackMessages(channel) {
      const path = channel === 'alerts' ? ALERTS_PATH : OWNERS_PATH;
      return slack.messages.filter((m) => m.path === path).map((m) => m.text);
    },
    async updateSalesforceRecord(type, id, values) {
      await salesforceApi('PATCH', `${type}/${id}`, values);
    },
    async createSalesforceRecord(type, values) {
      const response = await salesforceApi('POST', type, values);
      return ((await response.json()) as { id: string }).id;
    },
    async close() {
      await Promise.allSettled([zendesk.close(), salesforce.close(), slack.close()]);
    },
  };
}
