import type { Connection } from 'jsforce';
import type { RequesterFacts } from '../../domain/account-provisioning';
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '../errors';
import { callSalesforce } from './failures';
import { soql } from './soql';

const invalidRequest = (operation: string, message: string): ApplicationFailure =>
  ApplicationFailure.nonRetryable(`Salesforce ${operation}: ${message}`, FailureTypes.invalidRequest);

const isSalesforceId = (value: string): boolean => /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/.test(value);

/** "Ada Lovelace" → FirstName Ada, LastName Lovelace (LastName is the one Salesforce requires). */
function nameParts(name: string): { FirstName: string | null; LastName: string } {
  const words = name.trim().split(/\s+/);
  const last = words.pop() ?? name.trim();
  return { FirstName: words.length > 0 ? words.join(' ') : null, LastName: last };
}

/**
 * The Salesforce side of A1 provisioning: who asks (a `User` with `Support_Role__c`), the
 * account's notes (`Account.Description`), the representative's Contact and its
 * `Support_Portal_User__c`. Writes are idempotent: a Contact is created only when none with
 * that email is on the account, and the portal flag is a plain field update.
 */
export function createSalesforceProvisioning(deps: { salesforce: Connection }) {
  const conn = deps.salesforce;
  const query = <T>(operation: string, q: string): Promise<T[]> =>
    callSalesforce(conn, operation, async () => (await conn.query<T & { Id: string }>(q)).records as T[]);

  const contactOnAccount = async (accountId: string, email: string): Promise<string | undefined> => {
    const [row] = await query<{ Id: string }>(
      'query Contact on Account',
      soql`SELECT Id FROM Contact WHERE AccountId = ${accountId} AND Email = ${email} ORDER BY CreatedDate, Id LIMIT 1`,
    );
    return row?.Id;
  };

  return {
    /** The Contact with this email on this Account (deprovisioning asks about the organization's own). */
    async contactOnAccount(
      accountId: string,
      email: string,
    ): Promise<{ id: string; portalUser: boolean } | null> {
      if (!isSalesforceId(accountId)) return null;
      const [row] = await query<{ Id: string; Support_Portal_User__c: boolean | null }>(
        'query Contact on Account',
        soql`SELECT Id, Support_Portal_User__c FROM Contact WHERE AccountId = ${accountId} AND Email = ${email} ORDER BY CreatedDate, Id LIMIT 1`,
      );
      return row ? { id: row.Id, portalUser: row.Support_Portal_User__c === true } : null;
    },

    /** The active-or-not User with this email and their support role; null when there is none. */
    async findRequester(email: string): Promise<RequesterFacts | null> {
      const trimmed = email.trim();
      if (trimmed === '') return null;
      const rows = await query<{
        Email: string | null;
        IsActive: boolean | null;
        Support_Role__c: string | null;
      }>(
        'query User by email',
        soql`SELECT Id, Email, IsActive, Support_Role__c FROM User WHERE Email = ${trimmed} ORDER BY CreatedDate, Id LIMIT 10`,
      );
      // An active User wins over a deactivated one with the same email.
      const row = rows.find((r) => r.IsActive === true) ?? rows[0];
      if (!row) return null;
      return {
        email: row.Email ?? trimmed,
        isActive: row.IsActive === true,
        role: row.Support_Role__c ?? null,
      };
    },

    /** The account's notes for its Zendesk organization (standard `Account.Description`). */
    async accountNotes(accountId: string): Promise<string> {
      if (!isSalesforceId(accountId)) return '';
      const [row] = await query<{ Description: string | null }>(
        'query Account notes',
        soql`SELECT Description FROM Account WHERE Id = ${accountId} LIMIT 1`,
      );
      return row?.Description ?? '';
    },

    async ensureContact(input: {
      accountId: string;
      email: string;
      name: string;
    }): Promise<{ contactId: string; created: boolean }> {
      if (!isSalesforceId(input.accountId))
        throw invalidRequest('create Contact', 'accountId is not a record Id');
      const found = await contactOnAccount(input.accountId, input.email);
      if (found) return { contactId: found, created: false };
      const record = { ...nameParts(input.name), Email: input.email, AccountId: input.accountId };
      const result = await callSalesforce(conn, 'create Contact', () =>
        conn.sobject('Contact').create(record),
      );
      if (!result.success) throw new Error('Contact create answered success: false');
      return { contactId: result.id, created: true };
    },

    async setPortalUser(input: { contactId: string; portalUser: boolean }): Promise<void> {
      if (!isSalesforceId(input.contactId))
        throw invalidRequest('update Contact', 'contactId is not a record Id');
      const result = await callSalesforce(conn, 'update Contact', () =>
        conn.sobject('Contact').update({ Id: input.contactId, Support_Portal_User__c: input.portalUser }),
      );
      if (!result.success) throw new Error('Contact update answered success: false');
    },
  };
}

export type SalesforceProvisioning = ReturnType<typeof createSalesforceProvisioning>;
