import type { DataConverter } from '@temporalio/common';
import type { PayloadEncryptionConfig } from '../config';
import { AesGcmPayloadCodec } from './aes-gcm-codec';

/**
 * The failure converter that encodes messages and stack traces, by path: the SDK loads it in
 * the worker, the clients and the workflow bundle. A prebuilt bundle (`bundleWorkflowCode`) must
 * be given it as `failureConverterPath` for failures raised in workflow code to be encrypted too.
 */
export const encryptingFailureConverterPath: string = require.resolve('./failure-converter');

/**
 * The one data converter of the worker, the server's client and the CLI's client. Without keys
 * (the local default) there is none: the SDK's default stores payloads as plain JSON.
 */
export function temporalDataConverter(
  encryption: PayloadEncryptionConfig | undefined,
): DataConverter | undefined {
  if (!encryption) return undefined;
  return {
    payloadCodecs: [new AesGcmPayloadCodec(encryption.keys)],
    failureConverterPath: encryptingFailureConverterPath,
  };
}
