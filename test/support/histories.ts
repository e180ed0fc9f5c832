import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const historiesDir = path.resolve(__dirname, '..', 'replay', 'histories');

/**
 * With RECORD_HISTORIES=1, saves a finished workflow's history for the replay tests
 * (`npm run record-histories`). Histories are checked in: replaying them against changed
 * workflow code is what catches non-determinism in CI.
 */
export async function recordHistoryIfAsked(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  // A name may carry a folder, e.g. `account-provisioning/a1-provisioned`.
  const file = path.join(historiesDir, `${name}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, historyToJSON(history));
}
