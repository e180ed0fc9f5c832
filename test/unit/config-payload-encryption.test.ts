import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, redactConfig } from '../../config';

const base64Key = (bytes = 32) => randomBytes(bytes).toString('base64');

/** The ConfigError `loadConfig(env)` throws (the test fails if it throws none). */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('PAYLOAD_ENCRYPTION_KEYS', () => {
  test('unset (the local default): no encryption', () => {
    expect(loadConfig({}).payloadEncryption).toBeUndefined();
    expect(loadConfig({ PAYLOAD_ENCRYPTION_KEYS: '' }).payloadEncryption).toBeUndefined();
  });

  test('keys in order, the first one active; the codec endpoint serves the local Web UI with bearer auth', () => {
    const [k1, k0] = [base64Key(), base64Key()];
    const config = loadConfig({ PAYLOAD_ENCRYPTION_KEYS: `2026-06:${k1}, 2026-01:${k0}` });
    expect(config.payloadEncryption?.keys.map((k) => k.id)).toEqual(['2026-06', '2026-01']);
    expect(config.payloadEncryption?.keys[0].key.equals(Buffer.from(k1, 'base64'))).toBe(true);
    expect(config.payloadEncryption?.codec).toEqual({
      corsOrigins: ['http://127.0.0.1:8233'],
      auth: 'bearer',
    });
  });

  test('a key that is not 32 bytes is refused, naming the variable and the key id but not the key', () => {
    const short = base64Key(16);
    const error = configError({ PAYLOAD_ENCRYPTION_KEYS: `good:${base64Key()},short:${short}` });
    expect(error.problems).toEqual([
      'PAYLOAD_ENCRYPTION_KEYS: key "short" must be 32 bytes (AES-256) once base64-decoded, not 16',
    ]);
    expect(error.message).not.toContain(short);
  });

  test.each([
    ['no key id', `:${base64Key()}`, 'entry 1 must be <keyId>:<base64 key>'],
    ['no separator', 'just-some-text', 'entry 1 must be <keyId>:<base64 key>'],
    ['not base64', 'k1:not base64!', 'key "k1" is not base64'],
    ['a key id twice', `k1:${base64Key()},k1:${base64Key()}`, 'key id "k1" appears twice'],
  ])('%s is refused with a clear message', (_case, value, message) => {
    const error = configError({ PAYLOAD_ENCRYPTION_KEYS: value });
    expect(error.message).toContain(`PAYLOAD_ENCRYPTION_KEYS: ${message}`);
    for (const part of value.split(/[,:]/).filter((p) => p.length >= 16)) {
      expect(error.message).not.toContain(part);
    }
  });

  test('the key material is redacted when the configuration is logged; the key ids are not', () => {
    const key = base64Key();
    const printed = JSON.stringify(redactConfig(loadConfig({ PAYLOAD_ENCRYPTION_KEYS: `k1:${key}` })));
    expect(printed).not.toContain(key);
    expect(printed).toContain('"key":"[redacted]"');
    expect(printed).toContain('"id":"k1"');
  });

  test('codec endpoint options: CORS origins, and no auth only on a loopback address', () => {
    const keys = `k1:${base64Key()}`;
    const config = loadConfig({
      PAYLOAD_ENCRYPTION_KEYS: keys,
      CODEC_CORS_ORIGINS: 'https://temporal.example.com, http://localhost:8233',
      CODEC_AUTH: 'none',
    });
    expect(config.payloadEncryption?.codec).toEqual({
      corsOrigins: ['https://temporal.example.com', 'http://localhost:8233'],
      auth: 'none',
    });
    expect(configError({ CODEC_CORS_ORIGINS: 'temporal.example.com' }).message).toContain(
      'CODEC_CORS_ORIGINS',
    );
    expect(
      configError({ PAYLOAD_ENCRYPTION_KEYS: keys, CODEC_AUTH: 'none', HTTP_HOST: '0.0.0.0' }).problems,
    ).toEqual(['CODEC_AUTH: none is only allowed when HTTP_HOST is a loopback address']);
  });
});
