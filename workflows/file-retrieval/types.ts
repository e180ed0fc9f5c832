import type { RetrievedFile, SkippedObject } from '../../domain/file-retrieval';

export interface FileRetrievalInput {
  ticketId: number;
  /**
   * The partner's Salesforce Account Id: its Alliance_S3_Bucket__c and Alliance_S3_Prefix__c.
   * Absent: the Account of the ticket's organization (its external_id).
   */
  accountId?: string;
  /** Narrows the partner's prefix (relative to it); never widens it. */
  prefix?: string;
  /** Default 1,000 objects. */
  maxObjects?: number;
  /** Default 20 GiB. */
  maxBytes?: number;
  /** Presigned links' lifetime in the note (default 15 minutes). */
  linkExpirySeconds?: number;
  /**
   * How soon a copy whose worker died is taken up by another worker, which continues it from its
   * last checkpoint (default 30 s).
   */
  copyHeartbeatTimeoutSeconds?: number;
  /** Who asked (agent, API caller), for the record. */
  requestedBy?: string;
}

export interface FileRetrievalResult {
  state: 'completed' | 'refused';
  /** Why nothing was retrieved (refused). */
  refusal?: string;
  bucket?: string;
  prefix?: string;
  /** Every file copied (or found copied); their links are in the notes only, valid for minutes. */
  files: Array<Omit<RetrievedFile, 'link'>>;
  /** The first left-out objects, named; the others counted by reason in `unlistedSkipped`. */
  skipped: SkippedObject[];
  unlistedSkipped: Record<string, number>;
  failed: Array<{ key: string; error: string }>;
  truncated: boolean;
  /** The internal note (or refusal note) is on the ticket. */
  noteWritten: boolean;
  /** Why no (further) note was written: the ticket was closed before the retrieval ended. */
  noteRefused?: string;
}
