import { ConfigError, loadConfig, redactConfig } from '../../config';

describe('loadConfig', () => {
  test('an empty environment gives the local stack of DESIGN.md', () => {
    const config = loadConfig({});
    expect(config.temporal).toMatchObject({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'partner-support',
    });
    expect(config.temporal.tls).toBeUndefined();
    expect(config.zendesk.url).toBe('http://127.0.0.1:4010/api/v2');
    expect(config.salesforce.loginUrl).toBe('http://127.0.0.1:4020');
    expect(config.slack.alertWebhookUrl.startsWith('http://127.0.0.1:4030/')).toBe(true);
    expect(config.s3).toMatchObject({ endpoint: 'http://127.0.0.1:4040', forcePathStyle: true });
    expect(config.http.port).toBe(3000);
  });

  test('the integration user id is optional, and read when given', () => {
    expect(loadConfig({}).zendesk.integrationUserId).toBeUndefined();
    expect(loadConfig({ ZENDESK_INTEGRATION_USER_ID: '' }).zendesk.integrationUserId).toBeUndefined();
    expect(loadConfig({ ZENDESK_INTEGRATION_USER_ID: '1001' }).zendesk.integrationUserId).toBe(1001);
  });

  test('empty variables count as unset, as in a copied .env.example', () => {
    expect(loadConfig({ TEMPORAL_API_KEY: '', HTTP_PORT: '' }).http.port).toBe(3000);
  });

  test('an API key turns TLS on for Temporal Cloud', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key' });
    expect(config.temporal.apiKey).toBe('key');
    expect(config.temporal.tls).toEqual({});
  });

  test('one error names every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({
        HTTP_PORT: 'eighty',
        ZENDESK_URL: 'not a url',
        TEMPORAL_TLS: 'maybe',
        API_BEARER_TOKEN: 'short',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['HTTP_PORT', 'ZENDESK_URL', 'TEMPORAL_TLS', 'API_BEARER_TOKEN']) {
      expect(message).toContain(name);
    }
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  test('a certificate without its key is refused', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CERT_PATH: '/etc/cert.pem' })).toThrow(/TEMPORAL_TLS_KEY_PATH/);
  });

  test('redactConfig hides every secret', () => {
    const secrets = {
      TEMPORAL_API_KEY: 'secret-temporal-key',
      ZENDESK_API_TOKEN: 'secret-zendesk-token',
      ZENDESK_WEBHOOK_SECRET: 'secret-webhook',
      SALESFORCE_CLIENT_SECRET: 'secret-salesforce',
      SLACK_SIGNING_SECRET: 'secret-slack',
      SLACK_ALERT_WEBHOOK_URL: 'https://hooks.slack.com/services/T1/B1/secret-path',
      S3_SECRET_ACCESS_KEY: 'secret-s3',
      API_BEARER_TOKEN: 'secret-bearer-token-0123456789',
    };
    const printed = JSON.stringify(redactConfig(loadConfig(secrets)));
    for (const value of Object.values(secrets)) expect(printed).not.toContain(value);
    expect(printed).toContain('127.0.0.1:4010');
  });
});
