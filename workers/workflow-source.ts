import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BundleOptions, WorkerOptions } from '@temporalio/worker';

/**
 * Packages evaluated once for all the workflows of a worker instead of once per workflow. With the
 * SDK's reusable V8 context (its default), every cached workflow evaluates its own copy of each
 * module it imports; luxon (business calendars) is large, deterministic and keeps no workflow
 * state, so it is shared (the SDK deep-freezes its exports). zod is not shareable (it writes its
 * configuration at run time), so workflow code does not import it at all: see
 * domain/sla/policy-terms.ts and docs/benchmarks.md ("SLA timers", memory per cached ticket).
 */
export const SHARED_WORKFLOW_MODULES = ['luxon'] as const;

/** How every bundle of workflows/ is made: `npm run build`, a worker bundling at start, tests. */
export const workflowBundlerOptions: Pick<BundleOptions, 'preloadModules' | 'webpackConfigHook'> = {
  preloadModules: [...SHARED_WORKFLOW_MODULES],
  // The SDK's entry point requires each shared package for its evaluation only; luxon declares
  // itself free of side effects, so webpack would drop that require (and nothing would be shared).
  webpackConfigHook: (config) => ({
    ...config,
    optimization: { ...config.optimization, sideEffects: false },
  }),
};

/**
 * Where the worker gets its workflow code. Production: the bundle `npm run build` wrote
 * (`WORKFLOW_BUNDLE_PATH`), so a worker starts in a second and runs exactly the code that was
 * built and tested, without webpack at run time. Dev and tests: workflows/ itself, bundled at start,
 * so an edit is picked up by the next start.
 */
export function workflowSource(
  bundlePath: string | undefined,
  options: { encryptFailures?: boolean; traceWorkflows?: boolean } = {},
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> {
  // Tracing adds its workflow interceptors at bundling time: a prebuilt bundle has none.
  if (bundlePath === undefined || options.traceWorkflows)
    return {
      workflowsPath: require.resolve('../workflows'),
      bundlerOptions: workflowBundlerOptions,
    };
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
