import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Connection } from 'jsforce';
import { startDeprovisioning, startProvisioning } from '../../client/temporal/start-provisioning';
import {
  planContactsPage,
  planMembersPage,
  type PartnerOrganizationRef,
  type PartnerPortalSnapshot,
  type ReconcileAction,
} from '../../domain/portal-reconciliation';
import { programOfAccount, type Program } from '../../domain/programs';
import { FailureTypes } from '../errors';
import { callSalesforce } from '../salesforce/failures';
import { soql } from '../salesforce/soql';
import type { ZendeskClient } from '../zendesk/client';
import { createZendeskOrganizations } from '../zendesk/organizations';
import { zendeskRequest } from '../zendesk/request';
import { mapLimited } from '../map-limited';

interface AccountRow {
  Id: string;
  Name: string;
}
interface PartnerContactRow {
  Email: string | null;
  AccountId: string | null;
  Support_Portal_User__c: boolean | null;
  Account: { Name: string | null; Owner: { Email: string | null } | null } | null;
}
interface ContactRow {
  Email: string | null;
  AccountId: string | null;
  Support_Portal_User__c: boolean | null;
  Account: { Type: string | null; Partner_Program__c: string | null } | null;
}
interface WireMember {
  id: number;
  email?: string | null;
  role?: string;
}

const lower = (value: string | null | undefined): string => (value ?? '').trim().toLowerCase();
const programOfRow = (row: { Type: string | null; Partner_Program__c: string | null } | null): Program =>
  programOfAccount({
    type: row?.Type ?? '',
    partnerProgram:
      row?.Partner_Program__c === 'Select' || row?.Partner_Program__c === 'Alliance'
        ? row.Partner_Program__c
        : null,
  });

/**
 * The reconciliation's activities, a page per call so that the workflow carries the cursor and
 * any number of Contacts and members fit one logical run: partner Contacts from Salesforce (SOQL
 * paged with `nextRecordsUrl`/queryMore), the partner organizations, and each organization's
 * members from Zendesk (cursor pagination); reads only. The starts of the provisionings and
 * deprovisionings go through the same start functions as the API (their ID policies make a
 * repeated start harmless).
 */
export function createReconcileActivities(deps: {
  zendeskClient: ZendeskClient;
  salesforceConnection: Connection;
  temporal?: Client;
}) {
  const conn = deps.salesforceConnection;
  const organizations = createZendeskOrganizations({ zendesk: deps.zendeskClient });
  const query = <T>(operation: string, q: string): Promise<T[]> =>
    callSalesforce(conn, operation, async () => (await conn.query<T & { Id: string }>(q)).records as T[]);

  return {
    /**
     * One page of every Contact on a Select or Alliance partner account (`cursor`: Salesforce's
     * nextRecordsUrl of the previous page), and the provisions it calls for: portal Contacts who
     * are not in their account's Zendesk organization.
     */
    async readPartnerContactsPage(input: {
      cursor: string | null;
      pageSize: number;
    }): Promise<{ next: string | null; contactsSeen: number; actions: ReconcileAction[] }> {
      // Salesforce accepts batch sizes of 200 to 2000 (it may still answer with other sizes).
      const options = {
        autoFetch: false,
        headers: { 'Sforce-Query-Options': `batchSize=${Math.min(2000, Math.max(200, input.pageSize))}` },
      };
      const page = await callSalesforce(conn, 'query partner Contacts', async () =>
        input.cursor === null
          ? await conn.query<PartnerContactRow & { Id: string }>(
              soql`SELECT Id, Email, AccountId, Support_Portal_User__c, Account.Name, Account.Owner.Email FROM Contact WHERE Account.Type = 'Partner' AND Account.Partner_Program__c IN ('Select', 'Alliance') ORDER BY Id`,
              options,
            )
          : await conn.queryMore<PartnerContactRow & { Id: string }>(input.cursor, {
              ...options,
              maxFetch: 2000,
              scanAll: false,
              responseTarget: 'QueryResult',
            }),
      );
      const rows = page.records as PartnerContactRow[];
      const portal = rows.filter((r) => r.Support_Portal_User__c === true && r.Email && r.AccountId);
      const accountIds = [...new Set(portal.map((r) => r.AccountId as string))];
      const orgIds = new Map<string, number | null>();
      for (const accountId of accountIds) {
        orgIds.set(accountId, (await organizations.findOrganizationByExternalId(accountId))?.id ?? null);
      }
      const users = await mapLimited(portal, 8, (r) => organizations.findUserByEmail(lower(r.Email)));
      const snapshots: PartnerPortalSnapshot[] = accountIds.map((accountId) => {
        const own = portal
          .map((r, i) => ({ r, user: users[i] }))
          .filter(({ r }) => r.AccountId === accountId);
        const organizationId = orgIds.get(accountId) ?? null;
        return {
          accountId,
          accountName: own[0]?.r.Account?.Name ?? accountId,
          ownerEmail: own[0]?.r.Account?.Owner?.Email ? lower(own[0].r.Account.Owner.Email) : null,
          organizationId,
          contacts: own.map(({ r }) => ({ email: lower(r.Email), portalUser: true })),
          members: own
            .filter(
              ({ user }) =>
                user !== null && organizationId !== null && user.organizationId === organizationId,
            )
            .map(({ r, user }) => ({ userId: user?.id ?? 0, email: lower(r.Email) })),
        };
      });
      return {
        next: page.done ? null : (page.nextRecordsUrl ?? null),
        contactsSeen: rows.length,
        actions: planContactsPage(snapshots),
      };
    },

    /** The Zendesk organizations of the Select and Alliance partner accounts (by external_id). */
    async listPartnerOrganizations(): Promise<PartnerOrganizationRef[]> {
      const accounts = await query<AccountRow>(
        'query partner Accounts',
        soql`SELECT Id, Name FROM Account WHERE Type = 'Partner' AND Partner_Program__c IN ('Select', 'Alliance') ORDER BY Id LIMIT 2000`,
      );
      const refs: PartnerOrganizationRef[] = [];
      for (const account of accounts) {
        const organization = await organizations.findOrganizationByExternalId(account.Id);
        if (organization) {
          refs.push({ organizationId: organization.id, accountId: account.Id, accountName: account.Name });
        }
      }
      return refs;
    },

    /**
     * One page of an organization's members (Zendesk cursor pagination, `cursor`: the previous
     * page's after_cursor) against the Contacts with their emails: deprovisions and S4 drift.
     */
    async readOrganizationMembersPage(input: {
      organization: PartnerOrganizationRef;
      cursor: string | null;
      pageSize: number;
    }): Promise<{ next: string | null; usersSeen: number; actions: ReconcileAction[] }> {
      const { organization } = input;
      const params: Record<string, string> = { 'page[size]': String(Math.min(100, input.pageSize)) };
      if (input.cursor !== null) params['page[after]'] = input.cursor;
      // The transporter answers with the whole body: the list and its `meta` (has_more, after_cursor).
      const { result } = await zendeskRequest<{
        users?: WireMember[];
        meta?: { has_more?: boolean; after_cursor?: string | null };
      }>('organizations.users', () =>
        deps.zendeskClient.users.transporter.request('GET', [
          'organizations',
          organization.organizationId,
          'users',
          params,
        ]),
      );
      const members = (result?.users ?? [])
        .filter((u) => (u.role ?? 'end-user') === 'end-user' && u.email)
        .map((u) => ({ userId: u.id, email: lower(u.email) }));
      const emails = [...new Set(members.map((m) => m.email))];
      const rows =
        emails.length === 0
          ? []
          : await query<ContactRow>(
              'query Contacts by email',
              soql`SELECT Email, AccountId, Support_Portal_User__c, Account.Type, Account.Partner_Program__c FROM Contact WHERE Email IN ${emails} ORDER BY CreatedDate, Id`,
            );
      const own = rows.filter((r) => r.AccountId === organization.accountId);
      const elsewhere = new Map<string, Program>();
      for (const r of rows) {
        const email = lower(r.Email);
        // The first Contact elsewhere decides whose person the member is (as before paging).
        if (r.AccountId && r.AccountId !== organization.accountId && !elsewhere.has(email)) {
          elsewhere.set(email, programOfRow(r.Account));
        }
      }
      const actions = planMembersPage(
        {
          accountId: organization.accountId,
          accountName: organization.accountName,
          organizationId: organization.organizationId,
          contacts: own.map((c) => ({
            email: lower(c.Email),
            portalUser: c.Support_Portal_User__c === true,
          })),
          members,
        },
        (email) => elsewhere.get(email) ?? null,
      );
      const hasMore = result?.meta?.has_more === true && typeof result.meta.after_cursor === 'string';
      return {
        next: hasMore ? (result?.meta?.after_cursor ?? null) : null,
        usersSeen: members.length,
        actions,
      };
    },

    async startReconcileActions(input: {
      actions: ReconcileAction[];
    }): Promise<Array<{ email: string; kind: string; outcome: string }>> {
      const client = deps.temporal;
      if (!client) {
        throw ApplicationFailure.nonRetryable(
          'no Temporal client was given to the reconcile activities',
          FailureTypes.invalidRequest,
        );
      }
      const taskQueue = Context.current().info.taskQueue;
      const outcomes: Array<{ email: string; kind: string; outcome: string }> = [];
      for (const action of input.actions) {
        if (action.kind === 'provision') {
          const started = await startProvisioning(client, action, taskQueue);
          outcomes.push({ email: action.email, kind: action.kind, outcome: started.kind });
        } else if (action.kind === 'deprovision') {
          const started = await startDeprovisioning(
            client,
            { email: action.email, requestedBy: 'partner-accounts-reconcile' },
            taskQueue,
          );
          outcomes.push({ email: action.email, kind: action.kind, outcome: started.kind });
        }
      }
      return outcomes;
    },
  };
}

export type ReconcileActivities = ReturnType<typeof createReconcileActivities>;
