import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { SearchAttributeType } from '@temporalio/common';
import { partnerTicketSearchAttributes } from '../../domain/search-attributes';

/**
 * docker-compose.yml as shipped, checked without a Docker engine: valid against the Compose
 * Specification's JSON schema (vendored as scripts/compose-spec.json from
 * https://github.com/compose-spec/compose-spec/blob/170098ba07d9f53c383a41bfd4c5166b0a4529a6/schema/compose-spec.json),
 * every command of our image names a file the build produces, the start order is waited for,
 * and the one-shot setup registers exactly the search attributes the workflows use.
 */
const root = path.resolve(__dirname, '..', '..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number>;
  env_file?: Array<string | { path: string; required?: boolean }>;
  volumes?: string[];
  ports?: string[];
  container_name?: string;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  profiles?: string[];
}
// YAML 1.1 merge keys (`<<: *app`) are how the file shares the app services' settings.
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = Object.entries(compose.services);
const ours = services.filter(([, service]) => service.build !== undefined);

/** `dist/<path>.js` is the build's output of `<path>.ts`, if tsconfig.build.json compiles it. */
function compiledFromSource(distFile: string): string | undefined {
  const match = /^dist\/(.+)\.js$/.exec(distFile);
  if (match === null) return undefined;
  const source = `${match[1]}.ts`;
  const tsconfig = JSON.parse(read('tsconfig.json')) as { include: string[] };
  const build = JSON.parse(read('tsconfig.build.json')) as { exclude: string[] };
  const folder = source.split('/')[0];
  const compiled = tsconfig.include.includes(folder) && !build.exclude.includes(folder);
  return compiled && existsSync(path.join(root, source)) ? source : undefined;
}

/** The script `node` runs in a command line such as ['node', 'dist/workers/main.js', ...]. */
const nodeScript = (commandLine: string[]): string | undefined =>
  commandLine[0] === 'node' ? commandLine[1] : undefined;

describe('docker-compose.yml', () => {
  test('is valid against the Compose Specification', () => {
    const schema = JSON.parse(read('scripts/compose-spec.json')) as Record<string, unknown>;
    // Its `$schema` (https://json-schema.org/draft-07/schema) is draft-07, Ajv's default, under an
    // address Ajv does not know by that name.
    delete schema.$schema;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(parse(read('docker-compose.yml'), { merge: true }));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('every service of our image runs a file the build produces', () => {
    expect(ours.map(([name]) => name).sort()).toEqual(['cli', 'webhook-server', 'worker']);
    for (const [name, service] of ours) {
      const commandLine = service.entrypoint ?? service.command ?? [];
      const script = nodeScript(commandLine);
      expect({ name, script, source: script && compiledFromSource(script) }).toEqual({
        name,
        script: expect.stringMatching(/^dist\//),
        source: expect.stringMatching(/\.ts$/),
      });
    }
  });

  test("the Dockerfile's default command and HEALTHCHECK run files the build produces", () => {
    const dockerfile = read('Dockerfile');
    const execForms = [...dockerfile.matchAll(/^(?:CMD|\s+CMD) (\[.*\])$/gm)].map(
      (match) => JSON.parse(match[1]) as string[],
    );
    expect(execForms).toHaveLength(2);
    for (const commandLine of execForms) {
      const script = nodeScript(commandLine);
      expect(script && compiledFromSource(script)).toMatch(/\.ts$/);
    }
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });

  test('workers scale: no fixed container name, no published ports', () => {
    expect(compose.services.worker.container_name).toBeUndefined();
    expect(compose.services.worker.ports).toBeUndefined();
    expect(compose.services.worker.environment?.WORKER_HEALTH_PORT).toBeDefined();
  });

  test('the start order is waited for: healthy services and completed one-shots', () => {
    const healthchecked = (name: string): boolean =>
      compose.services[name].healthcheck?.test !== undefined || compose.services[name].build !== undefined;
    for (const [name, service] of services) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, dependency, known: dependency in compose.services }).toEqual({
          name,
          dependency,
          known: true,
        });
        if (condition === 'service_healthy') expect(healthchecked(dependency)).toBe(true);
        else
          expect({ name, dependency, condition }).toEqual({
            name,
            dependency,
            condition: 'service_completed_successfully',
          });
      }
      const oneShot = Object.values(compose.services).some(
        (other) => other.depends_on?.[name]?.condition === 'service_completed_successfully',
      );
      // One-shots retry a failure, and are not restarted once done; the rest always come back.
      expect({ name, restart: service.restart }).toEqual({
        name,
        restart: oneShot
          ? expect.stringMatching(/^on-failure/)
          : expect.stringMatching(/^(unless-stopped|no)$/),
      });
    }
  });

  test('Temporal runs on temporalio/server, its schema set up by admin-tools (not auto-setup)', () => {
    const images = services.map(([, service]) => service.image ?? '');
    expect(images.some((image) => image.includes('auto-setup'))).toBe(false);
    expect(compose.services.temporal.image).toMatch(/^temporalio\/server:/);
    expect(compose.services['temporal-schema'].image).toMatch(/^temporalio\/admin-tools:/);
    expect(compose.services['temporal-setup'].image).toMatch(/^temporalio\/admin-tools:/);
  });

  test('the scripts and files the services mount exist', () => {
    for (const [name, service] of services) {
      for (const volume of service.volumes ?? []) {
        const [source, target] = volume.split(':');
        if (!source.startsWith('./')) continue;
        expect({ name, source, exists: existsSync(path.join(root, source)) }).toEqual({
          name,
          source,
          exists: true,
        });
        const script = service.entrypoint?.find((part) => part.startsWith(`${target}/`));
        if (script !== undefined) {
          expect(existsSync(path.join(root, source, path.relative(target, script)))).toBe(true);
        }
      }
      for (const envFile of service.env_file ?? []) {
        const entry = typeof envFile === 'string' ? { path: envFile, required: true } : envFile;
        if (entry.required !== false) expect(existsSync(path.join(root, entry.path))).toBe(true);
      }
    }
  });

  test('the one-shot setup registers exactly the search attributes the workflows use', () => {
    const script = read('scripts/temporal/setup-namespace.sh');
    const registered = /^for attribute in ([^;]+); do$/m.exec(script)?.[1].split(' ') ?? [];
    const cliType: Record<string, string> = {
      [SearchAttributeType.KEYWORD]: 'Keyword',
      [SearchAttributeType.BOOL]: 'Bool',
    };
    expect(registered.sort()).toEqual(
      partnerTicketSearchAttributes.map((key) => `${key.name}:${cliType[key.type]}`).sort(),
    );
    // The namespace the setup creates is the one the worker and server use.
    expect(compose.services['temporal-setup'].environment?.TEMPORAL_NAMESPACE).toBe(
      compose.services.worker.environment?.TEMPORAL_NAMESPACE,
    );
  });
});
