import {
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { loadWorld } from '../simulators/fixtures/world';
import type { WireComment } from '../test/support/simulated-world';
import type { RunSummary } from './verify';

/** Globex Cloud's files (Alliance_S3_Bucket__c, Alliance_S3_Prefix__c), as the fixture world seeds them. */
const GLOBEX_BUCKET = 'globex-support-files';
const GLOBEX_PREFIX = 'gitlab-support/';
export const RETRIEVAL_NOTE = `Partner files retrieved from s3://${GLOBEX_BUCKET}/${GLOBEX_PREFIX}`;

/** What a retrieval of Globex's whole prefix must leave under a ticket: key → body. */
function expectedCopies(ticketId: number): Map<string, string> {
  return new Map(
    loadWorld()
      .s3.objects.filter((o) => o.bucket === GLOBEX_BUCKET && o.key.startsWith(GLOBEX_PREFIX))
      .map((o) => [`tickets/${ticketId}/partner-s3/${o.key.slice(GLOBEX_PREFIX.length)}`, o.body]),
  );
}

/** The retrieval workflows of the run, by ticket (`file-retrieval-<ticketId>-<n>`). */
export function retrievalsByTicket(runs: RunSummary[]): Map<number, RunSummary[]> {
  const byTicket = new Map<number, RunSummary[]>();
  for (const run of runs.filter((r) => r.type === 'fileRetrieval')) {
    const ticketId = Number(/^file-retrieval-(\d+)-\d+$/.exec(run.workflowId)?.[1]);
    const ofTicket = byTicket.get(ticketId);
    if (ofTicket) ofTicket.push(run);
    else byTicket.set(ticketId, [run]);
  }
  return byTicket;
}

/**
 * A5 for one ticket that asked by tag: one retrieval, completed; exactly Globex's files under the
 * ticket, each intact; one retrieval note (however often the tag's event arrived).
 */
export async function partnerFilesDifferences(
  s3: { client: S3Client; supportBucket: string },
  name: string,
  ticketId: number,
  comments: WireComment[],
  retrievals: RunSummary[],
): Promise<string[]> {
  const problems: string[] = [];
  if (retrievals.length !== 1 || retrievals[0].status !== 'COMPLETED') {
    const seen = retrievals.map((r) => `${r.workflowId} ${r.status}`).join(', ');
    problems.push(`${name}: retrievals ${seen || 'none'}, expected one completed`);
  }
  const expected = expectedCopies(ticketId);
  const listed = await s3.client.send(
    new ListObjectsV2Command({ Bucket: s3.supportBucket, Prefix: `tickets/${ticketId}/` }),
  );
  const keys = (listed.Contents ?? []).map((o) => o.Key ?? '').sort();
  if (JSON.stringify(keys) !== JSON.stringify([...expected.keys()].sort()))
    problems.push(`${name}: files ${keys.join(', ') || 'none'}, expected ${[...expected.keys()].join(', ')}`);
  for (const key of keys.filter((k) => expected.has(k))) {
    const object = await s3.client.send(new GetObjectCommand({ Bucket: s3.supportBucket, Key: key }));
    if ((await object.Body?.transformToString()) !== expected.get(key))
      problems.push(`${name}: ${key} differs from the partner's file`);
  }
  const notes = comments.filter((c) => !c.public && c.body.startsWith(RETRIEVAL_NOTE));
  if (notes.length !== 1) problems.push(`${name}: ${notes.length} retrieval notes`);
  return problems;
}

/** Multipart uploads left open in the support bucket (a copy cut short and never finished). */
export async function openUploads(s3: { client: S3Client; supportBucket: string }): Promise<number> {
  const open = await s3.client.send(new ListMultipartUploadsCommand({ Bucket: s3.supportBucket }));
  return open.Uploads?.length ?? 0;
}
