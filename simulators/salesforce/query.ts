import { randomBytes } from 'node:crypto';
import type { SimRequest, SimResponse } from '../common/http-app';
import { SalesforceError } from './errors';
import { evaluate } from './soql/evaluate';
import { parseSoql } from './soql/parser';
import type { SalesforceStore } from './store';

/**
 * `GET /services/data/vXX.X/query?q=` and `GET …/query/<locator>-<offset>` (REST API Developer
 * Guide, "Query" and "Execute a SOQL Query"): `{totalSize, done, records, nextRecordsUrl?}`; the
 * batch size comes from `Sforce-Query-Options: batchSize=N` (200–2000, default 2000).
 */

const DEFAULT_BATCH = 2000;

function batchSizeOf(req: SimRequest): number | undefined {
  const header = req.headers['sforce-query-options'];
  const match = /batchSize\s*=\s*(\d+)/i.exec(Array.isArray(header) ? header.join(',') : (header ?? ''));
  if (!match) return undefined;
  return Math.min(DEFAULT_BATCH, Math.max(200, Number(match[1])));
}

function page(
  store: SalesforceStore,
  version: string,
  cursorId: string,
  rows: unknown[],
  offset: number,
  batchSize: number,
): SimResponse {
  const records = rows.slice(offset, offset + batchSize);
  const next = offset + records.length;
  const done = next >= rows.length;
  if (done) store.cursors.delete(cursorId);
  return {
    status: 200,
    body: {
      totalSize: rows.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/${version}/query/${cursorId}-${next}` }),
      records,
    },
  };
}

export function runQuery(store: SalesforceStore, req: SimRequest, version: string): SimResponse {
  const soql = req.query.get('q');
  if (!soql) throw new SalesforceError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  const rows = evaluate(store, parseSoql(soql), version);
  const batchSize = batchSizeOf(req) ?? DEFAULT_BATCH;
  const cursorId = `01g${randomBytes(9).toString('hex').slice(0, 15)}`;
  if (rows.length > batchSize) store.cursors.set(cursorId, { rows, batchSize });
  return page(store, version, cursorId, rows, 0, batchSize);
}

export function queryMore(
  store: SalesforceStore,
  req: SimRequest,
  version: string,
  locator: string,
): SimResponse {
  const match = /^(01g[0-9A-Za-z]+)-(\d+)$/.exec(locator);
  const cursor = match ? store.cursors.get(match[1]) : undefined;
  if (!match || !cursor) throw new SalesforceError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  return page(store, version, match[1], cursor.rows, Number(match[2]), batchSizeOf(req) ?? cursor.batchSize);
}
