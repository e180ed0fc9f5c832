import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Connection } from 'jsforce';
import { startDeprovisioning, startProvisioning } from '../../client/temporal/start-provisioning';
import type { PartnerPortalSnapshot, ReconcileAction } from '../../domain/portal-reconciliation';
import { programOfAccount, type Program } from '../../domain/programs';
import { FailureTypes } from '../errors';
import { callSalesforce } from '../salesforce/failures';
import { soql } from '../salesforce/soql';
import type { ZendeskClient } from '../zendesk/client';
import { createZendeskOrganizations } from '../zendesk/organizations';
import { zendeskRequest } from '../zendesk/request';

interface AccountRow {
  Id: string;
  Name: string;
  Type: string | null;
  Partner_Program__c: string | null;
  Owner: { Email: string | null } | null;
}
interface ContactRow {
  Email: string | null;
  AccountId: string | null;
  Support_Portal_User__c: boolean | null;
  Account: { Type: string | null; Partner_Program__c: string | null } | null;
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
 * The reconciliation's activities: a snapshot of every partner account's portal Contacts and
 * Zendesk organization members (reads only), and the starts of the provisionings and
 * deprovisionings it decides, through the same start functions as the API (their ID policies make
 * a repeated start harmless).
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

  const members = async (organizationId: number): Promise<PartnerPortalSnapshot['members']> => {
    const { result } = await zendeskRequest<unknown>('organizations.users', async () => ({
      response: { status: 200 },
      result: await deps.zendeskClient.users.listByOrganization(organizationId),
    }));
    const users = (Array.isArray(result) ? result : []) as Array<{
      id: number;
      email?: string | null;
      role?: string;
    }>;
    return users
      .filter((u) => (u.role ?? 'end-user') === 'end-user' && u.email)
      .map((u) => ({ userId: u.id, email: lower(u.email) }));
  };

  return {
    async readPartnerPortals(): Promise<{
      snapshots: PartnerPortalSnapshot[];
      elsewhere: Record<string, Program>;
    }> {
      const accounts = await query<AccountRow>(
        'query partner Accounts',
        soql`SELECT Id, Name, Type, Partner_Program__c, Owner.Email FROM Account WHERE Type = 'Partner' AND Partner_Program__c IN ('Select', 'Alliance') ORDER BY Id LIMIT 2000`,
      );
      const snapshots: PartnerPortalSnapshot[] = [];
      for (const account of accounts) {
        const contacts = await query<ContactRow>(
          'query Contacts of Account',
          soql`SELECT Email, AccountId, Support_Portal_User__c FROM Contact WHERE AccountId = ${account.Id} LIMIT 2000`,
        );
        const organization = await organizations.findOrganizationByExternalId(account.Id);
        snapshots.push({
          accountId: account.Id,
          accountName: account.Name,
          ownerEmail: account.Owner?.Email ? lower(account.Owner.Email) : null,
          organizationId: organization?.id ?? null,
          contacts: contacts
            .filter((c) => c.Email)
            .map((c) => ({ email: lower(c.Email), portalUser: c.Support_Portal_User__c === true })),
          members: organization ? await members(organization.id) : [],
        });
      }
      // Members who are not Contacts of their own account: whose Contact are they?
      const strangers = [
        ...new Set(
          snapshots.flatMap((s) =>
            s.members.map((m) => m.email).filter((e) => !s.contacts.some((c) => c.email === e)),
          ),
        ),
      ];
      const elsewhere: Record<string, Program> = {};
      for (const email of strangers) {
        const rows = await query<ContactRow>(
          'query Contact by email',
          soql`SELECT Email, AccountId, Support_Portal_User__c, Account.Type, Account.Partner_Program__c FROM Contact WHERE Email = ${email} AND AccountId != null ORDER BY CreatedDate, Id LIMIT 1`,
        );
        if (rows[0]) elsewhere[email] = programOfRow(rows[0].Account);
      }
      return { snapshots, elsewhere };
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
