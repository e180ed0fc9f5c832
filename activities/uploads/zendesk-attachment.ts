import type { ZendeskClient } from '../zendesk/client';
import { zendeskRequest } from '../zendesk/request';

export interface ZendeskAttachmentFacts {
  fileName: string;
  size: number;
}

/**
 * S5: an attachment's size, which Zendesk's `attachment_linked_to_comment` webhook event does not
 * carry (it names the attachment's id, file name, type and URL): read with "Show Attachment"
 * (GET /api/v2/attachments/{id}.json). Null when Zendesk no longer has it.
 */
export function createZendeskAttachmentActivities(deps: { zendesk: ZendeskClient }) {
  return {
    async zendeskAttachment(input: { attachmentId: number }): Promise<ZendeskAttachmentFacts | null> {
      try {
        const { result } = await zendeskRequest<unknown>('attachments.show', () =>
          deps.zendesk.tickets.get(['attachments', input.attachmentId]),
        );
        const body = (result ?? {}) as { attachment?: unknown };
        const attachment = (body.attachment ?? body) as { file_name?: unknown; size?: unknown };
        if (typeof attachment.size !== 'number') return null;
        return {
          fileName: typeof attachment.file_name === 'string' ? attachment.file_name : '',
          size: attachment.size,
        };
      } catch (err) {
        if ((err as { type?: string }).type === 'NotFound') return null;
        throw err;
      }
    },
  };
}
