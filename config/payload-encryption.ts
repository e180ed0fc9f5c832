import { z } from 'zod';

/** AES-256 needs exactly 32 bytes of key material. */
export const ENCRYPTION_KEY_BYTES = 32;

export interface PayloadEncryptionKey {
  /** Stored in every payload it encrypts (`encryption-key-id`), so decoding finds the key again. */
  id: string;
  /** Secret: never logged (redactConfig hides `key`). */
  key: Buffer;
}

/**
 * `PAYLOAD_ENCRYPTION_KEYS`: `id1:base64key,id2:base64key`. The first key encrypts; all of
 * them decrypt, so a rotation puts the new key in front and keeps the old ones for as long as
 * histories encrypted with them are read. Messages name the key id and the byte count, never
 * the key material.
 */
export const payloadEncryptionKeys = z.string().transform((value, ctx): PayloadEncryptionKey[] => {
  const keys: PayloadEncryptionKey[] = [];
  const problem = (message: string): typeof z.NEVER => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  for (const [index, entry] of value.split(',').entries()) {
    const separator = entry.indexOf(':');
    const id = separator < 0 ? '' : entry.slice(0, separator).trim();
    const material = separator < 0 ? '' : entry.slice(separator + 1).trim();
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id) || material === '') {
      return problem(
        `entry ${index + 1} must be <keyId>:<base64 key> (key ids: letters, digits, '.', '_', '-')`,
      );
    }
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(material)) return problem(`key "${id}" is not base64`);
    const key = Buffer.from(material, 'base64');
    if (key.length !== ENCRYPTION_KEY_BYTES) {
      return problem(
        `key "${id}" must be ${ENCRYPTION_KEY_BYTES} bytes (AES-256) once base64-decoded, not ${key.length}`,
      );
    }
    if (keys.some((known) => known.id === id)) return problem(`key id "${id}" appears twice`);
    keys.push({ id, key });
  }
  return keys;
});

/** Origins of the Temporal Web UI allowed to call the codec endpoint (CORS), comma-separated. */
export const originList = z
  .string()
  .transform((value) => value.split(',').map((origin) => origin.trim()))
  .pipe(
    z.array(
      z
        .string()
        .regex(
          /^https?:\/\/[^/\s]+$/,
          'must be a comma-separated list of origins such as http://127.0.0.1:8233',
        ),
    ),
  );
