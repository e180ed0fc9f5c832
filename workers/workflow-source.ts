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
  options: { encryptFailures?: boolean; traceWorkflows?: boolean } = {},
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  // Tracing adds its workflow interceptors at bundling time: a prebuilt bundle has none.
  if (bundlePath === undefined || options.traceWorkflows)
    return { workflowsPath: require.resolve('../workflows') };
  // A prebuilt bundle carries its failure converter (the worker's own setting is not applied to
  // it): with payload encryption on, the build's twin that encodes failure messages is used.
  const codePath = path.resolve(options.encryptFailures ? encryptedFailuresBundle(bundlePath) : bundlePath);
  // Checked here so that a missing build fails with its cause, not deep inside Worker.create.
  if (!existsSync(codePath)) {
    throw new Error(`WORKFLOW_BUNDLE_PATH: ${codePath} does not exist; run \`npm run build\` first`);
  }
  return { workflowBundle: { codePath } };
}

/** The twin `npm run build` writes beside a bundle, with the encrypting failure converter. */
export function encryptedFailuresBundle(bundlePath: string): string {
  return bundlePath.replace(/(\.js)?$/, '.encrypted-failures.js');
}
