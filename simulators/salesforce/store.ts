import { randomBytes } from 'node:crypto';
import type { World } from '../fixtures/world';
import { sameId, sobjects } from './schema';

/** A stored record: field values by their canonical API names. */
export type SfRecord = { Id: string } & Record<string, unknown>;

export interface Session {
  userId: string;
  issuedAt: number;
  expiresAt: number;
}

export const ORG_ID = '00D000000000001AAA';
/** The run-as user of the client-credentials flow (the world's integration user). */
export const INTEGRATION_USER_ID = '005000000000003AAA';
const SEEDED_AT = Date.parse('2026-01-05T09:00:00Z');

/** Salesforce's datetime format in REST responses, e.g. `2026-01-05T09:00:00.000+0000`. */
export const formatDateTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');

/**
 * The org's in-memory state: records per sObject type (seeded from the fixture world), OAuth
 * sessions and refresh tokens, and open query cursors.
 */
export class SalesforceStore {
  readonly records = new Map<string, SfRecord[]>();
  readonly sessions = new Map<string, Session>();
  readonly refreshTokens = new Set<string>();
  readonly cursors = new Map<string, { rows: unknown[]; batchSize: number }>();
  /** Access tokens issued since the last reset (session-refresh tests count them). */
  tokensIssued = 0;
  apiRequests = 0;
  private nextSequence = 1;

  constructor(
    private readonly world: World,
    readonly now: () => number = Date.now,
  ) {
    this.reset();
  }

  reset(): void {
    this.records.clear();
    this.sessions.clear();
    this.refreshTokens.clear();
    this.cursors.clear();
    this.tokensIssued = 0;
    this.apiRequests = 0;
    this.nextSequence = 1000;
    for (const type of Object.keys(sobjects)) this.records.set(type, []);
    const stamp = formatDateTime(SEEDED_AT);
    const seed = (type: string, row: Record<string, unknown>): void => {
      const { $comment: _comment, ...fields } = row;
      this.all(type).push({ CreatedDate: stamp, LastModifiedDate: stamp, ...fields } as unknown as SfRecord);
    };
    const { users, accounts, contacts } = this.world.salesforce;
    for (const user of users) seed('User', { IsActive: true, ...user });
    for (const account of accounts) seed('Account', account);
    for (const contact of contacts) {
      const [firstName, ...rest] = contact.Name.split(' ');
      const account = accounts.find((a) => a.Id === contact.AccountId);
      seed('Contact', {
        FirstName: rest.length > 0 ? firstName : null,
        LastName: rest.length > 0 ? rest.join(' ') : firstName,
        OwnerId: account?.OwnerId ?? INTEGRATION_USER_ID,
        ...contact,
      });
    }
  }

  all(type: string): SfRecord[] {
    const rows = this.records.get(type);
    if (!rows) throw new Error(`unknown sObject type ${type}`);
    return rows;
  }

  get(type: string, id: string): SfRecord | undefined {
    return this.all(type).find((r) => sameId(r.Id, id));
  }

  /** A new 18-character Id with the type's key prefix, e.g. `00T` + 12 digits + `AAA`. */
  newId(type: string): string {
    const prefix = sobjects[type].keyPrefix;
    return `${prefix}${String(this.nextSequence++).padStart(12, '0')}AAA`;
  }

  issueAccessToken(userId: string, ttlMs: number): string {
    const token = `${ORG_ID}!${randomBytes(24).toString('base64url')}`;
    const issuedAt = this.now();
    this.sessions.set(token, { userId, issuedAt, expiresAt: issuedAt + ttlMs });
    this.tokensIssued += 1;
    return token;
  }

  /** The live session for a bearer token; expired sessions are dropped. */
  session(token: string): Session | undefined {
    const session = this.sessions.get(token);
    if (session && session.expiresAt <= this.now()) {
      this.sessions.delete(token);
      return undefined;
    }
    return session;
  }

  expireSessions(): void {
    this.sessions.clear();
  }

  snapshot(): unknown {
    return {
      records: Object.fromEntries(this.records),
      sessions: this.sessions.size,
      tokensIssued: this.tokensIssued,
      apiRequests: this.apiRequests,
    };
  }
}
