import type { Payload } from '@temporalio/common';
import { z } from 'zod';

/**
 * Payloads as the codec server protocol sends them: proto3 JSON of `Payloads`, in which every
 * bytes field (the data and each metadata value) is base64 — standard or URL-safe, as proto3
 * JSON allows both.
 */
const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');

export const codecRequestBody = z.object({
  payloads: z.array(
    z.object({
      metadata: z.record(z.string(), base64).nullish(),
      data: base64.nullish(),
    }),
  ),
});

export type JsonPayload = z.infer<typeof codecRequestBody>['payloads'][number];

export function payloadFromJson({ metadata, data }: JsonPayload): Payload {
  return {
    metadata: metadata
      ? Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')]))
      : undefined,
    data: data ? Buffer.from(data, 'base64') : undefined,
  };
}

export function payloadToJson({ metadata, data }: Payload): JsonPayload {
  return {
    metadata: metadata
      ? Object.fromEntries(
          Object.entries(metadata).map(([k, v]) => [
            k,
            Buffer.from(v ?? new Uint8Array()).toString('base64'),
          ]),
        )
      : undefined,
    data: data ? Buffer.from(data).toString('base64') : undefined,
  };
}
