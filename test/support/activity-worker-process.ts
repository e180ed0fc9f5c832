/**
 * A worker process that runs the activities only (no workflows), configured from its environment
 * like workers/main.ts: a test kills it (SIGKILL) or samples its memory while the workflows run
 * on a worker in the test's own process. Prints "activity worker ready" once it polls.
 *
 *   node --import tsx test/support/activity-worker-process.ts
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createActivityDeps } from '../../activities/clients';
import { loadConfig } from '../../config';

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities(createActivityDeps(config)),
  });
  const running = worker.run();
  process.stdout.write('activity worker ready\n');
  process.once('SIGTERM', () => worker.shutdown());
  await running;
  await connection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
