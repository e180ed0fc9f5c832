import { ConfigError, loadConfig, redactConfig } from '../../config';

describe('S5 uploader configuration', () => {
  test('defaults: links for 7 days, files up to 5 GB, the local server as the public address', () => {
    const { uploader } = loadConfig({});
    expect(uploader).toMatchObject({
      publicUrl: 'http://127.0.0.1:3000',
      expirySeconds: 7 * 86_400,
      maxBytes: 5 * 1024 ** 3,
    });
  });

  test('a trailing slash on the public URL is dropped; the secret is never shown', () => {
    const config = loadConfig({
      UPLOADER_PUBLIC_URL: 'https://support.example.com/',
      UPLOADER_TOKEN_SECRET: 'a-production-secret-of-more-than-32-chars',
    });
    expect(config.uploader.publicUrl).toBe('https://support.example.com');
    expect(JSON.stringify(redactConfig(config))).not.toContain('a-production-secret-of-more-than-32-chars');
  });

  test('bad values are refused, each named', () => {
    const load = () =>
      loadConfig({
        UPLOADER_TOKEN_SECRET: 'short',
        UPLOADER_PUBLIC_URL: 'not a url',
        UPLOADER_EXPIRY_SECONDS: '0',
        UPLOADER_MAX_BYTES: String(6 * 1024 ** 3),
      });
    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of [
        'UPLOADER_TOKEN_SECRET',
        'UPLOADER_PUBLIC_URL',
        'UPLOADER_EXPIRY_SECONDS',
        'UPLOADER_MAX_BYTES',
      ])
        expect(problems).toContain(name);
    }
  });
});
