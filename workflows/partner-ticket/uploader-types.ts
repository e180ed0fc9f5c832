/** S5 state of a ticket's Support Uploader, carried over continue-as-new with the rest of the state. */

/** The ticket's current uploader: its link's sequence, when it stops accepting files. */
export interface UploaderState {
  sequence: number;
  /** Epoch ms; set to the close when the ticket closes first. */
  expiresAt: number;
  /** The next backstop listing of the ticket's uploads (epoch ms); absent once the uploader has closed. */
  nextListingAt?: number;
}

/** A file received through the uploader, once per key and content. */
export interface SupportUpload {
  key: string;
  name: string;
  size: number;
  sha256: string;
  etag: string;
  /** When the workflow recorded it (epoch ms). */
  at: number;
}

/** What asks the workflow for an uploader, queued for the uploader loop. */
export type UploaderRequest =
  | { kind: 'requested'; by: string }
  | { kind: 'tag' }
  /** A Zendesk attachment, whose size is read before the 20 MB rule decides. */
  | { kind: 'attachment'; attachmentId: number; fileName?: string };
