/**
 * Builds the rooms service (`server/main.ts`) into one JavaScript file, `.output/service/main.js`, run with
 * plain `node` (what `npm start` and `npm run serve` start). Running it through tsx instead keeps tsx's
 * loader and a second V8 isolate resident: ~90 MB of the service's ~250 (BENCHMARKS.md, "Embedded database
 * memory"). Packages stay in node_modules (not bundled); the build takes well under a second.
 *
 * `npx tsx scripts/build-service.ts` (`npm run build:service`), or `buildService()` from another script.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin, stop } from 'esbuild';
import { repoRoot } from './lib/repo-paths.ts';

export const SERVICE_BUNDLE = join(repoRoot, '.output', 'service', 'main.js');

/**
 * The service finds files next to its sources (migrations, package.json, the web player, the data folder)
 * through `import.meta.url` / `import.meta.dirname`; in one bundle those would all name the bundle. Each
 * source file keeps its own location instead.
 */
const keepSourceLocation: Plugin = {
  name: 'keep-source-location',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]server[\\/].*\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const contents = source
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(path)));
      return { contents, loader: 'ts' };
    });
  },
};

/** Builds into `outfile` (default SERVICE_BUNDLE; it must be inside the repository, next to node_modules). */
export async function buildService(outfile = SERVICE_BUNDLE): Promise<string> {
  await build({
    entryPoints: [join(repoRoot, 'server', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [keepSourceLocation],
  });
  // esbuild's helper process would otherwise stay alive (~25 MB) as long as the caller (npm start) runs.
  await stop();
  return outfile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  const file = await buildService();
  console.log(`built ${file} in ${Date.now() - started} ms`);
}
