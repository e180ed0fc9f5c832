import { randomBytes } from 'node:crypto';
import type { Route, SimResponse } from '../../common/http-app';
import { json } from '../../common/http-app';
import { apiRoute, pathId, type ZendeskContext } from '../api';
import { zendeskTime } from '../clock';
import { missingParameter, notFound, recordInvalid } from '../errors';
import type { SimAttachment } from '../model';
import { nextId } from '../store';

const CONTENT_TYPES: Record<string, string> = {
  txt: 'text/plain',
  log: 'text/plain',
  json: 'application/json',
  yaml: 'application/x-yaml',
  yml: 'application/x-yaml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
};

const contentTypeOf = (fileName: string, header: string | undefined): string => {
  const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
  if (CONTENT_TYPES[extension]) return CONTENT_TYPES[extension];
  return header && !/binary|octet-stream|form-data/.test(header) ? header : 'application/octet-stream';
};

/**
 * Uploads and attachments (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/):
 * `POST /api/v2/uploads.json?filename=…[&token=…]` with the file's bytes as the body answers a
 * token (valid for 3 days) to put in a comment's `uploads`; attachments are served at their
 * `content_url` (`/attachments/token/<token>/?name=<file>`, no authentication, as Zendesk's
 * are). Files over `maxBytes` (the account's attachment limit) are refused with 422.
 */
export function uploadRoutes(ctx: ZendeskContext, maxBytes: number): Route[] {
  const { state } = ctx;
  return [
    apiRoute(ctx, 'POST', '/uploads.json', (req) => {
      const fileName = req.query.get('filename');
      if (!fileName) throw missingParameter('filename');
      if (req.rawBody.length > maxBytes) {
        throw recordInvalid({
          field: 'base',
          description: `Attachment ${fileName} is larger than the account's limit of ${Math.floor(maxBytes / 1_048_576)} MB`,
          error: 'FileTooLarge',
        });
      }
      const requested = req.query.get('token');
      const existing = requested ? state.uploads.get(requested) : undefined;
      if (requested && !existing) throw notFound();
      const attachment: SimAttachment = {
        id: nextId(state, 'attachment'),
        token: randomBytes(18).toString('base64url'),
        file_name: fileName,
        content_type: contentTypeOf(fileName, req.headers['content-type']),
        size: req.rawBody.length,
        inline: false,
        deleted: false,
      };
      state.attachments.set(attachment.id, attachment);
      state.attachmentContent.set(attachment.id, Buffer.from(req.rawBody));
      const upload = existing ?? {
        token: randomBytes(18).toString('base64url'),
        attachment_ids: [],
        expires_at: zendeskTime(new Date(ctx.now().getTime() + 3 * 24 * 3600 * 1000)),
        used_by_comment_id: null,
      };
      upload.attachment_ids.push(attachment.id);
      state.uploads.set(upload.token, upload);
      const attachments = upload.attachment_ids
        .map((id) => state.attachments.get(id))
        .filter((a): a is SimAttachment => a !== undefined)
        .map(req.ser.attachment);
      return json(201, {
        upload: {
          token: upload.token,
          expires_at: upload.expires_at,
          attachments,
          attachment: req.ser.attachment(attachment),
        },
      });
    }),
    apiRoute(ctx, 'DELETE', '/uploads/:token.json', (req) => {
      const upload = state.uploads.get(req.params.token);
      if (!upload || upload.used_by_comment_id !== null) throw notFound();
      state.uploads.delete(upload.token);
      for (const id of upload.attachment_ids) {
        state.attachments.delete(id);
        state.attachmentContent.delete(id);
      }
      return { status: 204 };
    }),
    apiRoute(ctx, 'GET', '/attachments/:id.json', (req) => {
      const attachment = state.attachments.get(pathId(req.params.id));
      if (!attachment) throw notFound();
      return json(200, { attachment: req.ser.attachment(attachment) });
    }),
    {
      method: 'GET',
      pattern: '/attachments/token/:token/',
      handler: (req): SimResponse => {
        const attachment = [...state.attachments.values()].find((a) => a.token === req.params.token);
        const content = attachment ? state.attachmentContent.get(attachment.id) : undefined;
        if (!attachment || !content)
          return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
        return {
          status: 200,
          headers: {
            'content-type': attachment.content_type,
            'content-length': String(content.length),
            'content-disposition': `attachment; filename="${attachment.file_name.replace(/"/g, '')}"`,
          },
          body: content,
        };
      },
    },
  ];
}
