import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { AppConfig } from '../../config';

const root = path.resolve(__dirname, '..', '..');
/** Written last by `npm run build`: its time is the build's. */
export const workflowBundlePath = path.join(root, 'dist', 'workflow-bundle.js');

/**
 * What the build reads: the folders tsconfig.json includes less those tsconfig.build.json
 * excludes (test/, bench/), and the build's own configuration.
 */
function buildInputs(): string[] {
  const read = (file: string): { include?: string[]; exclude?: string[] } =>
    JSON.parse(readFileSync(path.join(root, file), 'utf8')) as { include?: string[]; exclude?: string[] };
  const excluded = new Set(read('tsconfig.build.json').exclude ?? []);
  const folders = (read('tsconfig.json').include ?? []).filter((folder) => !excluded.has(folder));
  return [...folders, 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
}

function newestInputMs(): number {
  let newest = 0;
  const visit = (file: string): void => {
    const stat = statSync(file);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(file)) visit(path.join(file, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const input of buildInputs()) {
    const file = path.join(root, input);
    if (existsSync(file)) visit(file);
  }
  return newest;
}

const isFresh = (): boolean =>
  existsSync(workflowBundlePath) && statSync(workflowBundlePath).mtimeMs >= newestInputMs();

/** One build at a time across jest's worker processes: the build starts by deleting dist/. */
const buildLock = path.join(root, '.tools', 'dist-build.lock');
const STALE_LOCK_MS = 10 * 60_000;

/**
 * Runs `npm run build` unless dist/ is newer than every input: a test of the compiled entry points
 * then costs the build once, not at every run. Test files running at once share one build: the
 * first takes the lock (an atomic mkdir) and builds, the others wait for the lock to go and then
 * find dist/ fresh.
 */
export async function ensureBuilt(): Promise<void> {
  for (;;) {
    if (isFresh()) return;
    try {
      mkdirSync(path.dirname(buildLock), { recursive: true });
      mkdirSync(buildLock);
    } catch {
      // Another test file is building; a lock left by a killed run is cleared after a while.
      if (existsSync(buildLock) && Date.now() - statSync(buildLock).mtimeMs > STALE_LOCK_MS) {
        rmSync(buildLock, { recursive: true, force: true });
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    try {
      if (!isFresh()) {
        await promisify(execFile)('npm', ['run', '--silent', 'build'], {
          cwd: root,
          maxBuffer: 16 * 1024 * 1024,
        });
      }
    } finally {
      rmSync(buildLock, { recursive: true, force: true });
    }
    return;
  }
}

export const distPath = (...segments: string[]): string => path.join(root, 'dist', ...segments);

/**
 * The environment the compiled worker and server get in tests: only what .env.example documents
 * (and PATH), pointing at the test's Temporal and simulators, so nothing leaks in from the test's
 * own environment.
 */
export function compiledEnvironment(
  env: Pick<TestWorkflowEnvironment, 'address' | 'namespace'>,
  config: AppConfig,
  options: { taskQueuePrefix: string; httpPort: number },
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: env.namespace ?? 'default',
    TEMPORAL_TASK_QUEUE: `${options.taskQueuePrefix}-${randomUUID()}`,
    ZENDESK_URL: config.zendesk.url,
    ZENDESK_WEBHOOK_SECRET: config.zendesk.webhookSecret,
    SALESFORCE_LOGIN_URL: config.salesforce.loginUrl,
    SLACK_ALERT_WEBHOOK_URL: config.slack.alertWebhookUrl,
    SLACK_OWNER_WEBHOOK_URL: config.slack.ownerWebhookUrl,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(options.httpPort),
    WORKFLOW_BUNDLE_PATH: workflowBundlePath,
    LOG_LEVEL: 'warn',
    // No A1 reconciliation Schedule: its hourly run would reconcile the test's simulators meanwhile.
    PARTNER_RECONCILE_EVERY: 'off',
  };
}
