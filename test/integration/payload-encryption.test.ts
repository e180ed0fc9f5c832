import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Client, type WorkflowHandle } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { createActivities } from '../../activities';
import { createActivityDeps } from '../../activities/clients';
import { temporalDataConverter } from '../../codec/data-converter';
import { buildServer } from '../../client/server/build-server';
import { payloadToJson, type JsonPayload } from '../../client/server/codec/payload-json';
import { signZendeskWebhook } from '../../client/server/zendesk-webhook/signature';
import { partnerTicketStartOptions } from '../../client/temporal/start-options';
import { loadConfig, type AppConfig } from '../../config';
import { partnerTicketWorkflowId } from '../../domain/ticket-ids';
import { temporalCliPath } from '../../simulators/local-binaries';
import { ticketEventPayload } from '../../simulators/zendesk/webhook-payload';
import { partnerTicket } from '../../workflows';
import { statusQuery, ticketEventSignal } from '../../workflows/definitions';
import type { PartnerTicketStatus } from '../../workflows/partner-ticket/types';
import { eventually } from '../support/eventually';
import { globexAllianceTicket, startSimulatedWorld, type SimulatedWorld } from '../support/simulated-world';
import { startDevServerEnvironment } from '../support/temporal';

/**
 * Payload encryption on the real dev server: a worker and the webhook server with keys
 * configured, a ticket started by a signed Zendesk webhook. Temporal (read with a client that
 * has no codec) holds no customer data in clear; the codec endpoint reads it back.
 */
const API_TOKEN = 'encryption-test-api-token-0001';
const SUBJECT = `Encrypted subject ${randomUUID()}`;
const REQUESTER_EMAIL = 'carol@globex.example'; // the fixture's requester 2003 (Globex)

/**
 * Every string and byte string of a history, except search attributes: those are indexed by
 * Temporal, so no codec ever encodes them (RequesterEmail is one, by design).
 */
function clearTexts(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (value instanceof Uint8Array) found.push(Buffer.from(value).toString('latin1'));
  else if (Array.isArray(value)) value.forEach((item) => clearTexts(item, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key !== 'searchAttributes') clearTexts(inner, found);
    }
  }
  return found;
}

/** Every Payload of a history (an object with `metadata.encoding`), except search attributes. */
function payloadsOf(value: unknown, found: Payload[] = []): Payload[] {
  if (Array.isArray(value)) value.forEach((item) => payloadsOf(item, found));
  else if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const metadata = (value as Payload).metadata;
    if (metadata && metadata.encoding instanceof Uint8Array) found.push(value as Payload);
    for (const [key, inner] of Object.entries(value)) {
      if (key !== 'searchAttributes' && key !== 'metadata') payloadsOf(inner, found);
    }
  }
  return found;
}

/** The payload data (base64 in proto3 JSON) of `temporal workflow show --output json`, decoded. */
function payloadData(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => payloadData(item, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'data' && typeof inner === 'string')
        found.push(Buffer.from(inner, 'base64').toString('latin1'));
      else payloadData(inner, found);
    }
  }
  return found;
}

describe('payload encryption on the dev server', () => {
  let env: TestWorkflowEnvironment;
  let world: SimulatedWorld;
  let worker: Worker;
  let running: Promise<void>;
  let encrypting: Client;
  let server: FastifyInstance;
  let baseUrl: string;
  let config: AppConfig;

  const waitUntilOpen = async (
    handle: WorkflowHandle<typeof partnerTicket>,
  ): Promise<PartnerTicketStatus> => {
    let status: PartnerTicketStatus | undefined;
    await eventually(
      async () => {
        status = await handle.query(statusQuery);
        return status.phase === 'open' && status.pendingEffects === 0 && status.pendingEvents === 0;
      },
      { timeoutMs: 30_000 },
    );
    return status as PartnerTicketStatus;
  };

  beforeAll(async () => {
    env = await startDevServerEnvironment();
    world = await startSimulatedWorld();
    const taskQueue = `test-${randomUUID()}`;
    const keys = `2026-06:${randomBytes(32).toString('base64')},2026-01:${randomBytes(32).toString('base64')}`;
    config = {
      ...world.config,
      temporal: { ...world.config.temporal, taskQueue },
      http: { ...world.config.http, apiBearerToken: API_TOKEN },
      payloadEncryption: loadConfig({ PAYLOAD_ENCRYPTION_KEYS: keys }).payloadEncryption,
      logLevel: 'silent',
    };
    // The one data converter of the worker and of the clients, as in production.
    const dataConverter = temporalDataConverter(config.payloadEncryption);
    worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowsPath: require.resolve('../../workflows'),
      activities: createActivities(createActivityDeps(world.config)),
      dataConverter,
    });
    running = worker.run();
    encrypting = new Client({ connection: env.connection, namespace: env.namespace, dataConverter });
    server = await buildServer({ config, temporalClient: encrypting });
    baseUrl = await server.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    worker?.shutdown();
    await running;
    await world?.close();
    await env?.teardown();
  });

  test('a ticket started by a webhook: no subject or email in clear in its history; the codec endpoint reads it', async () => {
    const ticketId = await world.createTicket(globexAllianceTicket({ subject: SUBJECT }));
    const body = JSON.stringify(
      ticketEventPayload({ id: `zd-${ticketId}-created`, ticketId, change: { type: 'created' } }),
    );
    const timestamp = new Date().toISOString();
    const delivered = await fetch(`${baseUrl}/webhooks/zendesk`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature': signZendeskWebhook(config.zendesk.webhookSecret, timestamp, body),
        'x-zendesk-webhook-signature-timestamp': timestamp,
      },
      body,
    });
    expect(delivered.status).toBe(202);

    // With the codec, the workflow reads as always: intake fetched the ticket and its requester.
    const workflowId = partnerTicketWorkflowId(ticketId);
    const status = await waitUntilOpen(encrypting.workflow.getHandle(workflowId));
    expect(status).toMatchObject({ subject: SUBJECT, program: 'alliance' });

    // Without it (what Temporal stores, what its UI shows without a codec server): ciphertext only.
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const texts = clearTexts(history);
    expect(texts.some((text) => text.includes(SUBJECT))).toBe(false);
    expect(texts.some((text) => text.includes(REQUESTER_EMAIL))).toBe(false);
    // Patch markers are written by the SDK's core, past the codec; they hold a patch id only.
    const payloads = payloadsOf(
      history.events?.filter((event) => event.markerRecordedEventAttributes?.markerName !== 'core_patch'),
    );
    expect(payloads.length).toBeGreaterThan(5);
    const encodings = new Set(payloads.map((p) => Buffer.from(p.metadata?.encoding ?? []).toString()));
    expect([...encodings]).toEqual(['binary/encrypted']);
    const keyIds = new Set(
      payloads.map((p) => Buffer.from(p.metadata?.['encryption-key-id'] ?? []).toString()),
    );
    expect([...keyIds]).toEqual(['2026-06']);

    // The codec endpoint, as the Web UI calls it, decodes them back to plain JSON.
    const response = await fetch(`${baseUrl}/codec/decode`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${API_TOKEN}`,
        'x-namespace': env.namespace ?? 'default',
      },
      body: JSON.stringify({ payloads: payloads.map(payloadToJson) }),
    });
    expect(response.status).toBe(200);
    const decoded = ((await response.json()) as { payloads: JsonPayload[] }).payloads;
    expect(decoded).toHaveLength(payloads.length);
    const plain = decoded.map((p) => ({
      encoding: Buffer.from(p.metadata?.encoding ?? '', 'base64').toString(),
      data: Buffer.from(p.data ?? '', 'base64').toString(),
    }));
    expect(plain.every((p) => p.encoding === 'json/plain' || p.encoding === 'binary/null')).toBe(true);
    const ticketEvent = plain.find((p) => p.data.includes(`zd-${ticketId}-created`));
    expect(JSON.parse(ticketEvent?.data ?? 'null')).toMatchObject({ ticketId, type: 'ticket.created' });
    expect(plain.some((p) => p.data.includes(SUBJECT))).toBe(true);
    expect(plain.some((p) => p.data.includes(REQUESTER_EMAIL))).toBe(true);

    // The `temporal` CLI speaks the same protocol: `workflow show` through the endpoint reads the data.
    const show = async (...extra: string[]): Promise<string> => {
      const args = ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json'];
      const target = ['--address', env.address, '--namespace', env.namespace ?? 'default'];
      const { stdout } = await promisify(execFile)(temporalCliPath(), [...args, ...target, ...extra]);
      return payloadData(JSON.parse(stdout)).join('\n');
    };
    expect(await show()).not.toContain(SUBJECT);
    expect(
      await show('--codec-endpoint', `${baseUrl}/codec`, '--codec-auth', `Bearer ${API_TOKEN}`),
    ).toContain(SUBJECT);
    await encrypting.workflow.getHandle(workflowId).terminate('test finished');
  });

  test('a ticket started before encryption was turned on (plain payloads) keeps working', async () => {
    const ticketId = await world.createTicket(globexAllianceTicket());
    // A client without the codec, as every client was before the keys were configured.
    await env.client.workflow.signalWithStart(partnerTicket, {
      ...partnerTicketStartOptions(ticketId, config.temporal.taskQueue),
      args: [{ ticketId }],
      signal: ticketEventSignal,
      signalArgs: [
        {
          eventId: `evt-${ticketId}-plain`,
          ticketId,
          type: 'ticket.created',
          occurredAt: new Date().toISOString(),
          actor: 'end_user',
        },
      ],
    });
    const handle = encrypting.workflow.getHandle<typeof partnerTicket>(partnerTicketWorkflowId(ticketId));
    expect(await waitUntilOpen(handle)).toMatchObject({ ticketId, program: 'alliance', eventsSeen: 1 });
    await handle.terminate('test finished');
  });
});
