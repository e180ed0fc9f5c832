import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  PayloadDecryptionError,
} from '../../codec/aes-gcm-codec';

const key = (id: string) => ({ id, key: randomBytes(32) });
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

const ticket = { subject: 'Runners offline', requester: 'carol@globex.example' };
const plain = (): Payload => defaultPayloadConverter.toPayload(ticket);

describe('AES-256-GCM payload codec', () => {
  test('round trip: the encoded payload hides the value and decodes to the very same payload', async () => {
    const codec = new AesGcmPayloadCodec([key('k1')]);
    const [encoded] = await codec.encode([plain()]);

    expect(text(encoded.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encoded.metadata?.[KEY_ID_METADATA])).toBe('k1');
    expect(Object.keys(encoded.metadata ?? {})).toHaveLength(2);
    expect(text(encoded.data)).not.toContain('carol@globex.example');
    expect(text(encoded.data)).not.toContain('Runners offline');

    const [decoded] = await codec.decode([encoded]);
    expect(text(decoded.metadata?.encoding)).toBe('json/plain');
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(ticket);
  });

  test('each encoding uses a fresh nonce: the same value encrypts differently', async () => {
    const codec = new AesGcmPayloadCodec([key('k1')]);
    const [a, b] = await codec.encode([plain(), plain()]);
    expect(Buffer.from(a.data ?? []).equals(Buffer.from(b.data ?? []))).toBe(false);
  });

  test('a payload encrypted with a key id that is not configured is refused, naming the ids', async () => {
    const [encoded] = await new AesGcmPayloadCodec([key('retired')]).encode([plain()]);
    const other = new AesGcmPayloadCodec([key('k2'), key('k1')]);
    await expect(other.decode([encoded])).rejects.toThrow(PayloadDecryptionError);
    await expect(other.decode([encoded])).rejects.toThrow(
      'A payload is encrypted with key "retired", which is not configured (PAYLOAD_ENCRYPTION_KEYS has "k2", "k1")',
    );
  });

  test('the same key id with other key material fails authentication', async () => {
    const [encoded] = await new AesGcmPayloadCodec([key('k1')]).encode([plain()]);
    await expect(new AesGcmPayloadCodec([key('k1')]).decode([encoded])).rejects.toThrow(
      /key "k1"\) failed authentication/,
    );
  });

  test('tampered ciphertext is refused, not decoded to something else', async () => {
    const codec = new AesGcmPayloadCodec([key('k1')]);
    const [encoded] = await codec.encode([plain()]);
    const data = Buffer.from(encoded.data ?? []);
    data[20] ^= 0x01;
    await expect(codec.decode([{ ...encoded, data }])).rejects.toThrow(
      /failed authentication: it was altered/,
    );
    await expect(codec.decode([{ ...encoded, data: data.subarray(0, 10) }])).rejects.toThrow(/too short/);
  });

  test('the key id is authenticated: relabelling a payload with another configured key fails', async () => {
    const k1 = key('k1');
    const k2 = key('k2');
    const codec = new AesGcmPayloadCodec([k1, k2]);
    const [encoded] = await codec.encode([plain()]);
    const relabelled = {
      ...encoded,
      metadata: { ...encoded.metadata, [KEY_ID_METADATA]: Buffer.from('k2') },
    };
    await expect(codec.decode([relabelled])).rejects.toThrow(/key "k2"\) failed authentication/);
  });

  test('rotation: a new key in front encrypts, and data encrypted with the old key still decodes', async () => {
    const old = key('2026-01');
    const [before] = await new AesGcmPayloadCodec([old]).encode([plain()]);

    const rotated = new AesGcmPayloadCodec([key('2026-06'), old]);
    const [after] = await rotated.encode([plain()]);
    expect(text(after.metadata?.[KEY_ID_METADATA])).toBe('2026-06');

    const decoded = await rotated.decode([before, after]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([ticket, ticket]);
  });

  test('payloads that are not encrypted pass through decode unchanged (histories from before encryption)', async () => {
    const codec = new AesGcmPayloadCodec([key('k1')]);
    const unencrypted = [
      plain(),
      defaultPayloadConverter.toPayload(undefined),
      { metadata: null, data: null },
    ];
    const decoded = await codec.decode(unencrypted);
    decoded.forEach((payload, index) => expect(payload).toBe(unencrypted[index]));
  });

  test('an encrypted payload without its key id is refused', async () => {
    const codec = new AesGcmPayloadCodec([key('k1')]);
    const [encoded] = await codec.encode([plain()]);
    const withoutId = { ...encoded, metadata: { encoding: encoded.metadata?.encoding ?? null } };
    await expect(codec.decode([withoutId as Payload])).rejects.toThrow(/no encryption-key-id metadata/);
  });

  test('a codec needs a key', () => {
    expect(() => new AesGcmPayloadCodec([])).toThrow(/at least one key/);
  });
});
