import type { AppConfig } from '../config';
import { FILES_REQUEST_TAG } from '../domain/request-tags';
import { RETRIEVAL_NOTE } from './files';
import type { ProvisioningRequest } from './provisioning';
import type { Lifecycle, Step } from './script';

/** Carol of Globex Cloud (Alliance, Priority) on the Alliance form, and Sally, an agent. */
const REQUESTER_ID = 2003;
const ORGANIZATION_ID = 1003;
export const ALLIANCE_FORM_ID = 360001172559;
const ALLIANCE_GROUP_ID = 3002;
const AGENT_ID = 9002;
const GLOBEX_FORM_SECRET = 'globex-escalation-secret-0001';
export const TRIAGE_HEADING = 'Partner Support Orchestrator — triage';

export interface DriverCounts {
  /** Requests the driver made again after a 429/5xx/connection failure (the storm hits it too). */
  retries: number;
  steps: number;
  /** The longest an agent waited for a ticket's triage note (its creation lost, intake delayed). */
  longestTriageWaitMs: number;
  /** The longest an agent waited for the partner's files (A5's retrieval note) after asking. */
  longestFilesWaitMs: number;
  /** The longest the close automation waited for a solved ticket's writes to be done. */
  longestCloseWaitMs: number;
}

export interface DrivenTicket {
  lifecycle: Lifecycle;
  ticketId?: number;
  /** A step that could not be done at all (the run reports it). */
  error?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Plays the script as people would: partners and agents through Zendesk's API (the simulator,
 * whose webhooks then reach the server), escalations through the partner's Slack form on the
 * server. Each request is repeated until it is answered (429 after its Retry-After, 5xx, a
 * server restarting): what a person would do, and what makes the script the same in every run.
 */
export function createDriver({
  config,
  serverUrl,
  apiToken,
  writesDone,
}: {
  config: AppConfig;
  serverUrl: string;
  apiToken: string;
  /** Whether the ticket's workflow has no Zendesk write (or retrieval) still under way. */
  writesDone: (ticketId: number) => Promise<boolean>;
}) {
  const counts: DriverCounts = {
    retries: 0,
    steps: 0,
    longestTriageWaitMs: 0,
    longestFilesWaitMs: 0,
    longestCloseWaitMs: 0,
  };
  const auth = `Basic ${Buffer.from(`${config.zendesk.email}/token:${config.zendesk.apiToken}`).toString('base64')}`;
  const fields = config.zendesk.fields;

  async function send(url: string, init: RequestInit, accept: (status: number) => boolean): Promise<unknown> {
    // Five minutes, as a person keeps trying: longer than any outage the storm makes (a restart,
    // Temporal down, both workers down at once while an escalation's update waits for one).
    const giveUpAt = Date.now() + 300_000;
    for (;;) {
      try {
        const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
        const text = await response.text();
        if (accept(response.status)) return text === '' ? undefined : (JSON.parse(text) as unknown);
        if (response.status !== 429 && response.status < 500)
          throw new Error(`${init.method} ${url}: HTTP ${response.status} ${text.slice(0, 300)}`);
        const retryAfter = Number(response.headers.get('retry-after') ?? '1');
        if (Date.now() > giveUpAt) throw new Error(`${init.method} ${url}: still HTTP ${response.status}`);
        counts.retries += 1;
        await sleep(Math.min(5, Number.isFinite(retryAfter) ? retryAfter : 1) * 1_000);
      } catch (err) {
        if ((err as Error).message.includes('HTTP ') || Date.now() > giveUpAt) throw err;
        counts.retries += 1;
        await sleep(500);
      }
    }
  }

  const zendesk = (method: string, path: string, body: unknown) =>
    send(
      `${config.zendesk.url}${path}`,
      {
        method,
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
      (status) => status >= 200 && status < 300,
    );
  const update = (ticketId: number, ticket: Record<string, unknown>) =>
    zendesk('PUT', `/tickets/${ticketId}.json`, { ticket });

  /** Polls `check` every second until it holds, three minutes at most; returns how long it waited. */
  async function waitUpToThreeMinutes(check: () => Promise<boolean>): Promise<number> {
    const since = Date.now();
    while (Date.now() < since + 180_000 && !(await check())) await sleep(1_000);
    return Date.now() - since;
  }

  /** Waits for an internal note starting with `heading`. */
  const waitForNote = (ticketId: number, heading: string): Promise<number> =>
    waitUpToThreeMinutes(async () => {
      const { comments } = (await send(
        `${config.zendesk.url}/tickets/${ticketId}/comments.json`,
        { method: 'GET', headers: { authorization: auth } },
        (status) => status === 200,
      )) as { comments: Array<{ public: boolean; body: string }> };
      return comments.some((c) => !c.public && c.body.startsWith(heading));
    });

  /**
   * Zendesk's automation closes a solved ticket hours to days after the solve; the run closes it
   * within minutes, so it also waits for the ticket's writes to be done, as those hours would: a
   * write the storm failed five times in a row waits out a minute's back-off, and a close in
   * between would refuse it (TicketClosed, tested on its own) and fail the run.
   */
  const waitForWritesDone = (ticketId: number): Promise<number> =>
    waitUpToThreeMinutes(() => writesDone(ticketId).catch(() => false));

  let commentNumber = 0;
  async function perform(ticket: DrivenTicket, step: Step): Promise<void> {
    counts.steps += 1;
    const id = ticket.ticketId as number;
    switch (step.kind) {
      case 'create': {
        const created = (await zendesk('POST', '/tickets.json', {
          ticket: {
            subject: `Chaos lifecycle ${ticket.lifecycle.index} (${ticket.lifecycle.kind})`,
            comment: { body: 'Our runners stopped picking up jobs.' },
            requester_id: REQUESTER_ID,
            organization_id: ORGANIZATION_ID,
            ticket_form_id: ALLIANCE_FORM_ID,
            group_id: ALLIANCE_GROUP_ID,
            custom_fields: [{ id: fields.impact, value: step.impact }],
          },
        })) as { ticket: { id: number } };
        ticket.ticketId = created.ticket.id;
        // Agents work a ticket once it is triaged: wait (up to three minutes) for the triage note.
        const waited = await waitForNote(created.ticket.id, TRIAGE_HEADING);
        counts.longestTriageWaitMs = Math.max(counts.longestTriageWaitMs, waited);
        return;
      }
      case 'comment':
        commentNumber += 1;
        await update(id, {
          comment: {
            body: `${step.by === 'agent' ? 'Agent' : 'Partner'} reply ${commentNumber}`,
            public: true,
            author_id: step.by === 'agent' ? AGENT_ID : REQUESTER_ID,
          },
        });
        return;
      case 'status':
        if (step.status === 'closed')
          counts.longestCloseWaitMs = Math.max(counts.longestCloseWaitMs, await waitForWritesDone(id));
        await update(id, { status: step.status });
        return;
      case 'impact':
        await update(id, { custom_fields: [{ id: fields.impact, value: step.impact }] });
        return;
      case 'tag': {
        await update(id, { additional_tags: [step.tag] });
        if (step.tag !== FILES_REQUEST_TAG) return;
        // The agent asked for the partner's files to answer with them: waits (up to three minutes)
        // for A5's note before answering and solving, as for the triage note.
        const waited = await waitForNote(id, RETRIEVAL_NOTE);
        counts.longestFilesWaitMs = Math.max(counts.longestFilesWaitMs, waited);
        return;
      }
      case 'escalate':
        await send(
          `${serverUrl}/webhooks/slack/escalations`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${GLOBEX_FORM_SECRET}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              request_id: String(id),
              reason: 'Production pipelines down',
              desired_actions: 'Call our on-call engineer',
              submitter: 'carol@globex.example',
              urgency: step.urgency,
            }),
          },
          (status) => status === 200 || status === 201,
        );
        return;
    }
  }

  /** Runs every lifecycle at its start time, steps in order; resolves when all are done. */
  async function play(script: Lifecycle[]): Promise<DrivenTicket[]> {
    const started = Date.now();
    const tickets = script.map((lifecycle): DrivenTicket => ({ lifecycle }));
    await Promise.all(
      tickets.map(async (ticket) => {
        await sleep(Math.max(0, ticket.lifecycle.startAtMs - (Date.now() - started)));
        try {
          for (const { afterMs, step } of ticket.lifecycle.steps) {
            await sleep(afterMs);
            await perform(ticket, step);
          }
        } catch (err) {
          ticket.error = (err as Error).message;
        }
      }),
    );
    return tickets;
  }

  /**
   * A1: each request sent at its time, its copies a few seconds apart; a 202 (started or joined)
   * or a 200 (done already) is an answer. Resolves with the requests that could not be sent.
   */
  async function requestProvisioning(requests: ProvisioningRequest[]): Promise<Map<string, string>> {
    const started = Date.now();
    const failed = new Map<string, string>();
    await Promise.all(
      requests.map(async (request) => {
        await sleep(Math.max(0, request.atMs - (Date.now() - started)));
        const body = JSON.stringify({
          email: request.email,
          accountId: request.accountId,
          requestedBy: request.requestedBy,
          name: `Chaos ${request.email.split('@')[0]}`,
          createContact: true,
        });
        try {
          for (let copy = 0; copy < request.copies; copy += 1) {
            if (copy > 0) await sleep(2_000);
            counts.steps += 1;
            await send(
              `${serverUrl}/api/provisioning`,
              {
                method: 'POST',
                headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
                body,
              },
              (status) => status === 200 || status === 202,
            );
          }
        } catch (err) {
          failed.set(request.email, (err as Error).message);
        }
      }),
    );
    return failed;
  }

  return { play, requestProvisioning, counts };
}
