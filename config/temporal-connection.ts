import { readFile } from 'node:fs/promises';
import type { TLSConfig } from '@temporalio/client';
import type { TemporalConfig } from './index';

export interface TemporalConnectionOptions {
  address: string;
  apiKey?: string;
  tls?: TLSConfig;
}

/** Connection options shared by the worker (NativeConnection) and clients (Connection). */
export async function temporalConnectionOptions(config: TemporalConfig): Promise<TemporalConnectionOptions> {
  if (!config.tls) return { address: config.address, apiKey: config.apiKey };
  const clientCertPair =
    config.tls.clientCertPath && config.tls.clientKeyPath
      ? { crt: await readFile(config.tls.clientCertPath), key: await readFile(config.tls.clientKeyPath) }
      : undefined;
  return {
    address: config.address,
    apiKey: config.apiKey,
    tls: { serverNameOverride: config.tls.serverNameOverride, clientCertPair },
  };
}
