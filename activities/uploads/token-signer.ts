import { createHmac } from 'node:crypto';
import type { TokenMac } from '../../domain/uploader-token';

/** S5: the uploader token's keyed hash (HMAC-SHA-256 under UPLOADER_TOKEN_SECRET), base64url. */
export function hmacTokenMac(secret: string): TokenMac {
  return (data) => createHmac('sha256', secret).update(data).digest('base64url');
}
