import { formatBytes } from '../../domain/file-retrieval';
import type { UploaderTrigger } from '../../domain/support-uploader';
import type { SupportUpload } from './uploader-types';

/** S5: every text the Support Uploader writes to partners and agents, in one place. */

const utc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const why = (trigger: UploaderTrigger): string => {
  switch (trigger.kind) {
    case 'requested':
      return `requested by ${trigger.by}`;
    case 'tag':
      return 'requested with the request_large_upload tag';
    case 'large_attachment':
      return `${trigger.fileName || 'an attachment'} is ${formatBytes(trigger.sizeBytes)}, over the 20 MB limit of ticket attachments`;
  }
};

export const uploaderIssuedDecision = (
  trigger: UploaderTrigger,
  sequence: number,
  expiresAt: number,
): string => `Support Uploader #${sequence} issued (${why(trigger)}), valid until ${utc(expiresAt)}`;

export const uploaderNotIssuedDecision = (reason: string): string => `Support Uploader not issued: ${reason}`;

/** The public comment carrying the link (the partner's way to send files over 20 MB). */
export function uploaderComment(
  url: string,
  expiresAt: number,
  maxBytes: string,
  trigger: UploaderTrigger,
): string {
  const intro =
    trigger.kind === 'large_attachment'
      ? `Ticket attachments are limited to 20 MB, and ${trigger.fileName || 'your file'} is ${formatBytes(trigger.sizeBytes)}.`
      : 'You can send us large files for this ticket with the Support Uploader.';
  return [
    intro,
    `Please upload files (up to ${maxBytes} each) here: ${url}`,
    `The link is for this ticket only and works until ${utc(expiresAt)}, or until the ticket is closed.`,
  ].join('\n\n');
}

export const uploadRecordedDecision = (upload: SupportUpload): string =>
  `Upload received: ${upload.name} (${formatBytes(upload.size)})`;

export const uploadNotRecordedDecision = (key: string, reason: string): string =>
  `Upload ${JSON.stringify(key)} not recorded: ${reason}`;

/** The internal note for agents: what arrived, its checksum, and a short-lived link. */
export function uploadNote(upload: SupportUpload, link: string, linkExpiresAt: number): string {
  return [
    `S5 — file received through the Support Uploader: ${upload.name}`,
    `Size: ${formatBytes(upload.size)} (${upload.size} bytes)`,
    `SHA-256: ${upload.sha256}`,
    `Key: ${upload.key}`,
    `Download (agents, until ${utc(linkExpiresAt)}): ${link}`,
  ].join('\n');
}

export const uploaderClosedDecision = (sequence: number): string =>
  `Support Uploader #${sequence} closed with the ticket`;
