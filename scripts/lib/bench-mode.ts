/**
 * What every benchmark script shares: `--smoke` (tiny sizes, real parts, results checked for sanity,
 * BENCHMARKS.md left alone: the section goes to a scratch file) and where a run's section is written.
 * `npm test` runs each benchmark this way (tests/e2e/benchmarks-smoke.e2e.test.ts), so none can rot unnoticed.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeBenchmarkSection } from './benchmarks-file.ts';
import { scratchDir } from './repo-paths.ts';

export const SMOKE = process.argv.includes('--smoke');

/** Where smoke runs write their sections (one file per benchmark, rewritten each run). */
export const SMOKE_OUTPUT_DIR = path.join(scratchDir, 'bench-smoke');

/** `full` in a real run, `smoke` with --smoke. */
export const bySize = <T>(full: T, smoke: T): T => (SMOKE ? smoke : full);

/**
 * Writes the run's section: to BENCHMARKS.md in a real run (unless `write` is false: diagnostic options),
 * to `.tmp/bench-smoke/<title>.md` in a smoke run. Prints it either way.
 */
export function publishBenchmark(
  title: string,
  command: string,
  lines: string[],
  options: { write?: boolean } = {},
): void {
  console.log(lines.join('\n'));
  if (SMOKE) {
    mkdirSync(SMOKE_OUTPUT_DIR, { recursive: true });
    const file = path.join(SMOKE_OUTPUT_DIR, `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.md`);
    rmSync(file, { force: true });
    writeBenchmarkSection(title, `${command} -- --smoke`, lines, file);
    console.log(`smoke run: section written to ${file}; BENCHMARKS.md left alone`);
  } else if (options.write === false) {
    console.log('(BENCHMARKS.md left alone)');
  } else {
    writeBenchmarkSection(title, command, lines);
  }
}

/** True when there is at least one value and every one is a finite number. */
export const allFinite = (...values: number[]): boolean =>
  values.length > 0 && values.every((value) => Number.isFinite(value));

/**
 * Throws, naming every check that failed, unless all hold. Smoke runs call it on their own results, so a
 * benchmark that measures nothing (NaN, zero joins, silence) fails instead of printing a table.
 */
export function assertSane(checks: Record<string, boolean>): void {
  const failed = Object.entries(checks)
    .filter(([, ok]) => !ok)
    .map(([description]) => description);
  if (failed.length > 0) throw new Error(`benchmark results are not sane:\n- ${failed.join('\n- ')}`);
  console.log(`sanity checks passed: ${Object.keys(checks).length}`);
}
