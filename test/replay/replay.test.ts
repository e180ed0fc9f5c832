import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { historiesDir } from '../support/histories';

const histories = readdirSync(historiesDir)
  .filter((file) => file.endsWith('.json'))
  .sort();

describe('replay of recorded partnerTicket histories', () => {
  test('histories are checked in', () => {
    expect(histories.length).toBeGreaterThanOrEqual(3);
  });

  test.each(histories)('%s replays against the current workflow code', async (file) => {
    const history: unknown = JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8'));
    await Worker.runReplayHistory(
      { workflowsPath: require.resolve('../../workflows') },
      history as Parameters<typeof Worker.runReplayHistory>[1],
      file.replace(/\.json$/, ''),
    );
  });
});
