import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packagesLoadedBy } from '../support/import-graph';

/**
 * The image installs `dependencies` only (`npm ci --omit=dev`): every package that a compiled
 * entry point loads at run time must be there, or the container fails at start (or later, at
 * the first call of a module loaded lazily).
 */
const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

/** The commands the image runs (Dockerfile, docker-compose.yml, npm start:*), as sources. */
const entryPoints = [
  'workers/main.ts',
  'client/server/main.ts',
  'client/cli/main.ts',
  'scripts/healthcheck.ts',
  // The worker's fallback without a prebuilt bundle: webpack bundles workflows/ at start.
  'workflows/index.ts',
].map((file) => path.join(root, file));

describe('production dependencies', () => {
  test('every package a compiled entry point loads is a dependency, not a devDependency', () => {
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    const missing = [...packagesLoadedBy(entryPoints)]
      .filter(([name]) => !builtins.has(name) && !(name in manifest.dependencies))
      .map(([name, files]) => `${name} (loaded by ${path.relative(root, files[0])})`);
    expect(missing).toEqual([]);
  });

  test('nothing at run time needs tsx or TypeScript', () => {
    expect(manifest.dependencies).not.toHaveProperty('tsx');
    expect(manifest.dependencies).not.toHaveProperty('typescript');
    for (const script of ['start:worker', 'start:server']) {
      expect(manifest.scripts[script]).toMatch(/\bnode dist\//);
    }
  });
});
