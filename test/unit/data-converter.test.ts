import { randomBytes } from 'node:crypto';
import { ApplicationFailure, defaultPayloadConverter, type FailureConverter } from '@temporalio/common';
import { temporalDataConverter } from '../../codec/data-converter';
import { loadConfig } from '../../config';

describe('the data converter of the worker and the clients', () => {
  test('no keys configured (the local default): none, the SDK default stores plain JSON', () => {
    expect(temporalDataConverter(loadConfig({}).payloadEncryption)).toBeUndefined();
  });

  test('keys configured: the AES-GCM codec, and failure messages and stack traces moved into a payload', async () => {
    const config = loadConfig({ PAYLOAD_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}` });
    const converter = temporalDataConverter(config.payloadEncryption);
    expect(converter?.payloadCodecs).toHaveLength(1);

    // What the SDK does with `failureConverterPath`: load its `failureConverter` export.
    const { failureConverter } = (await import(converter?.failureConverterPath ?? '')) as {
      failureConverter: FailureConverter;
    };
    const failure = failureConverter.errorToFailure(
      ApplicationFailure.nonRetryable('Zendesk refused the update for carol@globex.example'),
      defaultPayloadConverter,
    );
    expect(failure.message).toBe('Encoded failure');
    expect(JSON.stringify(failure)).not.toContain('carol@globex.example');
    const [encrypted] = await (converter?.payloadCodecs ?? [])[0].encode([failure.encodedAttributes ?? {}]);
    expect(Buffer.from(encrypted.data ?? []).toString('latin1')).not.toContain('carol@globex.example');
  });
});
