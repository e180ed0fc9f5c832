import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PayloadEncryptionKey } from '../config/payload-encryption';

/** The metadata every SDK's encryption sample uses, so other tools recognise the payloads. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12; // GCM's standard nonce size
const TAG_BYTES = 16;

/** A payload that cannot be decrypted: the message names the key id, never key material. */
export class PayloadDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const text = (bytes: Uint8Array | null | undefined): string | undefined =>
  bytes ? Buffer.from(bytes).toString('utf8') : undefined;

/**
 * AES-256-GCM over the whole payload (its metadata too: the encoding says what the plain JSON
 * is). The stored data is nonce ‖ ciphertext ‖ tag; the key id is authenticated data, so a
 * payload whose key id was changed fails to decrypt rather than being read with another key.
 *
 * The first key encrypts, every key decrypts: rotation adds the new key in front and keeps the
 * old ones as long as histories encrypted with them are read. Payloads that are not encrypted
 * (histories from before encryption was turned on) are passed through unchanged.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly active: PayloadEncryptionKey;
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(keys: readonly PayloadEncryptionKey[]) {
    if (keys.length === 0) throw new ValueError('AesGcmPayloadCodec needs at least one key');
    this.active = keys[0];
    this.keys = new Map(keys.map(({ id, key }) => [id, key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const { id, key } = this.active;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(utf8(id));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(id) },
      data,
    };
  }

  private decrypt(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
    const keyId = text(payload.metadata?.[KEY_ID_METADATA]);
    if (keyId === undefined) {
      throw new PayloadDecryptionError(`An encrypted payload has no ${KEY_ID_METADATA} metadata`);
    }
    const key = this.keys.get(keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        `A payload is encrypted with key "${keyId}", which is not configured (PAYLOAD_ENCRYPTION_KEYS has ${[
          ...this.keys.keys(),
        ]
          .map((id) => `"${id}"`)
          .join(', ')})`,
      );
    }
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(`An encrypted payload (key "${keyId}") is too short to be one`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES)).setAAD(utf8(keyId));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      // GCM's only failure here is the tag check: the data or its key id was altered, or the key
      // material under this id is not the one that encrypted it.
      throw new PayloadDecryptionError(
        `An encrypted payload (key "${keyId}") failed authentication: it was altered, or the key is wrong`,
      );
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}
