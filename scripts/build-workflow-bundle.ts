import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { encryptingFailureConverterPath } from '../codec/data-converter';
import { encryptedFailuresBundle, workflowBundlerOptions } from '../workers/workflow-source';

/**
 * `npm run build`'s last step: bundles the compiled workflow code once, at build time, into
 * dist/workflow-bundle.js. The production worker loads it (`WORKFLOW_BUNDLE_PATH`) instead of
 * running webpack at every start, and every worker replica runs the very same code.
 * Runs from dist/scripts/, so `../workflows` is the compiled dist/workflows.
 */
const workflowBundleFile = path.resolve(__dirname, '..', 'workflow-bundle.js');

async function bundle(file: string, failureConverterPath?: string): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    failureConverterPath,
    ...workflowBundlerOptions,
    // webpack's module listing is noise in a build log; its warnings and errors are kept.
    logger: new DefaultLogger('WARN'),
  });
  await writeFile(file, code);
  console.log(`workflow bundle: ${path.relative(process.cwd(), file)} (${code.length} bytes)`);
}

async function main(): Promise<void> {
  await bundle(workflowBundleFile);
  // With payload encryption on, failure messages raised in workflow code are encoded too: the
  // failure converter lives inside the bundle, so its twin carries the encrypting one.
  await bundle(encryptedFailuresBundle(workflowBundleFile), encryptingFailureConverterPath);
}

main().catch((err: unknown) => {
  console.error('workflow bundle: failed', err);
  process.exit(1);
});
