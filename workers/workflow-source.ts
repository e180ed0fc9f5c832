import { existsSync } from 'node:fs';
import path from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';

/**
 * Where the worker gets its workflow code. Production: the bundle `npm run build` wrote
 * (`WORKFLOW_BUNDLE_PATH`), so a worker starts in a second and runs exactly the code that was
 * built and tested, without webpack at run time. Dev and tests: workflows/ itself, bundled at start,
 * so an edit is picked up by the next start.
 */
export function workflowSource(
  bundlePath: string | undefined,
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  if (bundlePath === undefined) return { workflowsPath: require.resolve('../workflows') };
  const codePath = path.resolve(bundlePath);
  // Checked here so that a missing build fails with its cause, not deep inside Worker.create.
  if (!existsSync(codePath)) {
    throw new Error(`WORKFLOW_BUNDLE_PATH: ${codePath} does not exist; run \`npm run build\` first`);
  }
  return { workflowBundle: { codePath } };
}
