import { createHash } from 'node:crypto';
import type { Connection } from 'jsforce';
import type { PartnerAccount } from '../../domain/programs';
import { callSalesforce } from './failures';
import { soql } from './soql';

/** A Salesforce Contact as the S2/A1 rules need it. */
export interface SalesforceContact {
  id: string;
  email: string;
  name: string;
  /** The Contact's Account; '' for a private contact (on no Account), which verifies nowhere. */
  accountId: string;
  portalUser: boolean;
}

export interface FollowUpTaskInput {
  /** Stored in Task.Idempotency_Key__c: a retried call finds the Task instead of creating another. */
  idempotencyKey: string;
  accountId: string;
  ownerId: string;
  subject: string;
  description: string;
}

interface ContactRow {
  Id: string;
  Email: string | null;
  Name: string | null;
  AccountId: string | null;
  Support_Portal_User__c: boolean | null;
}

interface AccountRow {
  Id: string;
  Name: string;
  Type: string | null;
  Partner_Program__c: string | null;
  Support_Level__c: string | null;
  NFR_Support_Level__c: string | null;
  Alliance_S3_Bucket__c: string | null;
  Alliance_S3_Prefix__c: string | null;
  OwnerId: string | null;
  Owner: { Name: string | null; Email: string | null } | null;
}

/** Record Ids are 15 or 18 alphanumerics; anything else (e.g. a hand-typed external_id) names no record. */
const isSalesforceId = (value: string): boolean => /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/.test(value);

/** Idempotency_Key__c is a 255-character text field: longer keys are stored as their SHA-256. */
const storedKey = (key: string): string =>
  key.length <= 255 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;

function toAccount(row: AccountRow): PartnerAccount {
  const program = row.Partner_Program__c;
  return {
    id: row.Id,
    name: row.Name,
    type: row.Type ?? '',
    partnerProgram: program === 'Select' || program === 'Alliance' ? program : null,
    supportLevel: row.Support_Level__c ?? null,
    nfrSupportLevel: row.NFR_Support_Level__c ?? null,
    s3Bucket: row.Alliance_S3_Bucket__c ?? null,
    s3Prefix: row.Alliance_S3_Prefix__c ?? null,
    owner:
      row.OwnerId && row.Owner
        ? { id: row.OwnerId, name: row.Owner.Name ?? '', email: row.Owner.Email ?? '' }
        : null,
  };
}

/**
 * Salesforce activities over a jsforce Connection (see ./connection.ts). Every query is built with
 * the `soql` template, so user-supplied values (emails, external ids) are always encoded literals.
 */
export function createSalesforceActivities(deps: { salesforce: Connection }) {
  const conn = deps.salesforce;
  const query = <T>(operation: string, q: string): Promise<T[]> =>
    callSalesforce(conn, operation, async () => (await conn.query<T & { Id: string }>(q)).records as T[]);

  return {
    /**
     * The Contact with this email (SOQL compares case-insensitively). With duplicates, the oldest
     * Contact that sits on an Account wins, so the answer is stable across calls.
     */
    async findContactByEmail(email: string): Promise<SalesforceContact | null> {
      const trimmed = email.trim();
      if (trimmed === '') return null;
      const rows = await query<ContactRow>(
        'query Contact by email',
        soql`SELECT Id, Email, Name, AccountId, Support_Portal_User__c FROM Contact WHERE Email = ${trimmed} ORDER BY CreatedDate, Id LIMIT 200`,
      );
      const row = rows.find((r) => r.AccountId) ?? rows[0];
      if (!row) return null;
      return {
        id: row.Id,
        email: row.Email ?? trimmed,
        name: row.Name ?? '',
        accountId: row.AccountId ?? '',
        portalUser: row.Support_Portal_User__c === true,
      };
    },

    /** The Account with its owner (`Owner.Name`, `Owner.Email` in the same query), or null. */
    async getAccount(accountId: string): Promise<PartnerAccount | null> {
      if (!isSalesforceId(accountId)) return null;
      const [row] = await query<AccountRow>(
        'query Account',
        soql`SELECT Id, Name, Type, Partner_Program__c, Support_Level__c, NFR_Support_Level__c, Alliance_S3_Bucket__c, Alliance_S3_Prefix__c, OwnerId, Owner.Name, Owner.Email FROM Account WHERE Id = ${accountId} LIMIT 1`,
      );
      return row ? toAccount(row) : null;
    },

    async getUserEmail(userId: string): Promise<string | null> {
      if (!isSalesforceId(userId)) return null;
      const [row] = await query<{ Email: string | null }>(
        'query User',
        soql`SELECT Email FROM User WHERE Id = ${userId} LIMIT 1`,
      );
      return row?.Email ?? null;
    },

    /**
     * A follow-up Task on the Account for its owner, created once per idempotency key: query by
     * key first, create only if absent. Temporal runs one attempt at a time, so a retry after a
     * lost response finds the Task; should two attempts ever race, the field's uniqueness answers
     * DUPLICATE_VALUE and the second one returns the first one's Task.
     */
    async createFollowUpTask(input: FollowUpTaskInput): Promise<{ taskId: string; created: boolean }> {
      const key = storedKey(input.idempotencyKey);
      const existing = async (): Promise<string | undefined> => {
        const [row] = await query<{ Id: string }>(
          'query Task by idempotency key',
          soql`SELECT Id FROM Task WHERE Idempotency_Key__c = ${key} LIMIT 1`,
        );
        return row?.Id;
      };
      const found = await existing();
      if (found) return { taskId: found, created: false };
      const task = {
        Subject: input.subject.slice(0, 255),
        Description: input.description.slice(0, 32000),
        WhatId: input.accountId,
        OwnerId: input.ownerId,
        Status: 'Not Started',
        Priority: 'Normal',
        Idempotency_Key__c: key,
      };
      try {
        const result = await callSalesforce(conn, 'create Task', () => conn.sobject('Task').create(task));
        if (!result.success) throw new Error('Task create answered success: false');
        return { taskId: result.id, created: true };
      } catch (err) {
        // DUPLICATE_VALUE, or a create whose answer was lost: the Task may exist after all.
        const raced = await existing().catch(() => undefined);
        if (raced) return { taskId: raced, created: false };
        throw err;
      }
    },
  };
}

export type SalesforceActivities = ReturnType<typeof createSalesforceActivities>;
