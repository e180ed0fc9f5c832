/**
 * Tags with which an agent asks a ticket's workflow for something, by adding the tag in Zendesk.
 * Zendesk's `ticket.tags_changed` events are passed on to the workflow only when they add one of
 * these (the webhook and the Zendesk export alike: `addsRequestTag`); other tag edits, ours
 * included, are not.
 */

/** S5: issue a Support Uploader (workflows/partner-ticket/support-uploader.ts). */
export const UPLOADER_REQUEST_TAG = 'request_large_upload';

/** A5: retrieve the partner's files (workflows/partner-ticket/file-requests.ts). */
export const FILES_REQUEST_TAG = 'request_partner_files';

export const REQUEST_TAGS: readonly string[] = [UPLOADER_REQUEST_TAG, FILES_REQUEST_TAG];

/** A tag change the workflow must hear of: it adds a request tag. */
export const addsRequestTag = (added: readonly string[]): boolean =>
  added.some((tag) => REQUEST_TAGS.includes(tag));
