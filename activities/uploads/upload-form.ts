import type { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { uploadsPrefix } from '../../domain/support-uploader';

export interface UploadForm {
  /** Where the browser POSTs the form (the bucket's endpoint). */
  url: string;
  /** Every field before `file`, in order: key, policy, signature, redirect… */
  fields: Record<string, string>;
  /** When S3 stops accepting this form (epoch ms). */
  expiresAt: number;
}

/** A form is signed for at most this long: a page left open for days gets a fresh one on reload. */
const FORM_LIFETIME_MS = 12 * 3600 * 1000;

/**
 * S5: the presigned POST behind the uploader page (S3 "POST Object" with a POST policy): the key
 * must start with the ticket's `tickets/<id>/uploads/` (the form's key is `…/${filename}`, which
 * S3 replaces with the chosen file's name), the size lies in 1…maxBytes (content-length-range),
 * and on success S3 redirects the browser to `redirectUrl` (success_action_redirect, with
 * bucket, key and etag added), which is how our server learns of the upload.
 */
export async function createUploadForm(input: {
  s3: S3Client;
  bucket: string;
  ticketId: number;
  maxBytes: number;
  redirectUrl: string;
  /** The uploader's own expiry: the form never outlives it. */
  uploaderExpiresAt: number;
  now: number;
}): Promise<UploadForm> {
  const expiresAt = Math.min(input.uploaderExpiresAt, input.now + FORM_LIFETIME_MS);
  const expiresInSeconds = Math.max(1, Math.floor((expiresAt - input.now) / 1000));
  const prefix = uploadsPrefix(input.ticketId);
  const post = await createPresignedPost(input.s3, {
    Bucket: input.bucket,
    Key: `${prefix}\${filename}`,
    Conditions: [
      ['content-length-range', 1, input.maxBytes],
      ['starts-with', '$key', prefix],
    ],
    Fields: { success_action_redirect: input.redirectUrl },
    Expires: expiresInSeconds,
  });
  return { url: post.url, fields: post.fields, expiresAt };
}
