import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import { AesGcmPayloadCodec } from '../../codec/aes-gcm-codec';
import { loadConfig, type Environment } from '../../config';
import { buildServer } from '../../client/server/build-server';
import { payloadFromJson, payloadToJson, type JsonPayload } from '../../client/server/codec/payload-json';

/**
 * The codec endpoint of the webhook/API server, as the Temporal Web UI and CLI call it. No
 * Temporal is needed: the client's connection is lazy and never used here.
 */
const API_TOKEN = 'codec-test-api-token-0123456789';
const UI = 'http://127.0.0.1:8233';
const key = randomBytes(32);
const KEYS = `k1:${key.toString('base64')}`;

const servers: Array<{ app: FastifyInstance; connection: Connection }> = [];
async function serve(env: Environment): Promise<string> {
  const config = { ...loadConfig({ API_BEARER_TOKEN: API_TOKEN, ...env }), logLevel: 'silent' as const };
  const connection = Connection.lazy({ address: '127.0.0.1:1' });
  const app = await buildServer({ config, temporalClient: new Client({ connection }) });
  servers.push({ app, connection });
  return app.listen({ host: '127.0.0.1', port: 0 });
}
afterAll(async () => {
  for (const { app, connection } of servers) {
    await app.close();
    await connection.close();
  }
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_TOKEN}`, ...headers },
    body: JSON.stringify(body),
  });
const ticketPayload = (): JsonPayload =>
  payloadToJson(defaultPayloadConverter.toPayload({ subject: 'Secret' }));

describe('codec endpoint', () => {
  let baseUrl: string;
  beforeAll(async () => {
    baseUrl = await serve({ PAYLOAD_ENCRYPTION_KEYS: KEYS });
  });

  test('encode then decode: proto3 JSON payloads in and out, encrypted with the configured key', async () => {
    const encoded = await post(`${baseUrl}/codec/encode`, { payloads: [ticketPayload()] });
    expect(encoded.status).toBe(200);
    const { payloads } = (await encoded.json()) as { payloads: JsonPayload[] };
    expect(Buffer.from(payloads[0].metadata?.encoding ?? '', 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(payloads[0].data ?? '', 'base64').toString()).not.toContain('Secret');
    // What the workers' codec wrote, the endpoint reads, and the other way round.
    const [viaCodec] = await new AesGcmPayloadCodec([{ id: 'k1', key }]).decode([
      payloadFromJson(payloads[0]),
    ]);
    expect(defaultPayloadConverter.fromPayload(viaCodec)).toEqual({ subject: 'Secret' });

    const decoded = await post(`${baseUrl}/codec/decode`, { payloads: [...payloads, ticketPayload()] });
    expect(decoded.status).toBe(200);
    const plain = ((await decoded.json()) as { payloads: JsonPayload[] }).payloads;
    expect(plain).toEqual([ticketPayload(), ticketPayload()]);
  });

  test('a payload it cannot decrypt is a 400 naming the key id', async () => {
    const [foreign] = await new AesGcmPayloadCodec([{ id: 'other', key: randomBytes(32) }]).encode([
      defaultPayloadConverter.toPayload('x'),
    ]);
    const response = await post(`${baseUrl}/codec/decode`, { payloads: [payloadToJson(foreign)] });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'PayloadDecryptionFailed',
      message:
        'A payload is encrypted with key "other", which is not configured (PAYLOAD_ENCRYPTION_KEYS has "k1")',
    });
  });

  test('bad bodies are 400s', async () => {
    expect((await post(`${baseUrl}/codec/decode`, { payloads: [{ data: 'not base64!' }] })).status).toBe(400);
    expect((await post(`${baseUrl}/codec/decode`, { nothing: [] })).status).toBe(400);
  });

  test('a bearer token is required; the refusal still carries CORS headers for the UI', async () => {
    const missing = await post(
      `${baseUrl}/codec/decode`,
      { payloads: [] },
      { authorization: '', origin: UI },
    );
    expect(missing.status).toBe(401);
    expect(missing.headers.get('access-control-allow-origin')).toBe(UI);
    const wrong = await post(`${baseUrl}/codec/decode`, { payloads: [] }, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
  });

  test('CORS: the UI origin gets its preflight answered (with X-Namespace) and its requests allowed', async () => {
    const preflight = await fetch(`${baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: UI,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-namespace',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.split(/,\s*/)).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-namespace']),
    );
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');

    const request = await post(
      `${baseUrl}/codec/decode`,
      { payloads: [] },
      { origin: UI, 'x-namespace': 'default' },
    );
    expect(request.status).toBe(200);
    expect(request.headers.get('access-control-allow-origin')).toBe(UI);
  });

  test('CORS: another origin gets no CORS headers, and its preflight is refused', async () => {
    const preflight = await fetch(`${baseUrl}/codec/encode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('codec endpoint configuration', () => {
  test('without keys there is no codec endpoint', async () => {
    const baseUrl = await serve({});
    expect((await post(`${baseUrl}/codec/decode`, { payloads: [] })).status).toBe(404);
  });

  test('CODEC_AUTH=none (the local Web UI, loopback only) needs no token', async () => {
    const baseUrl = await serve({ PAYLOAD_ENCRYPTION_KEYS: KEYS, CODEC_AUTH: 'none' });
    expect((await post(`${baseUrl}/codec/decode`, { payloads: [] }, { authorization: '' })).status).toBe(200);
  });
});
