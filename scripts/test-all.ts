/**
 * `npm test`: every check, in order, stopping at the first failure: lint, type check, build (Chrome and
 * Firefox), unit + service tests, then end-to-end tests in Chromium. Ends with "N passed, N failed".
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const reports = '.tmp/test-reports';
mkdirSync(reports, { recursive: true });

interface Step {
  name: string;
  command: string[];
  /** A vitest JSON report to count tests from. */
  report?: string;
}

const vitest = (config: string[], report: string): Step['command'] => [
  'npx',
  'vitest',
  'run',
  ...config,
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
];

const steps: Step[] = [
  { name: 'lint', command: ['npx', 'biome', 'check', '.'] },
  { name: 'type check', command: ['npx', 'tsc', '--noEmit'] },
  { name: 'build', command: ['npm', 'run', 'build'] },
  // Mozilla's linter on the Firefox build: errors fail the run (warnings are Preact's and livekit-client's innerHTML).
  { name: 'firefox lint', command: ['npm', 'run', 'lint:firefox'] },
  // The Chrome build plus the feed content script's match for the e2e fixture pages (.output/chrome-mv3-test).
  { name: 'test build', command: ['npm', 'run', 'build:test'] },
  {
    name: 'unit and service tests',
    command: vitest([], `${reports}/unit.json`),
    report: `${reports}/unit.json`,
  },
  {
    name: 'end-to-end tests',
    command: vitest(['--config', 'vitest.e2e.config.ts'], `${reports}/e2e.json`),
    report: `${reports}/e2e.json`,
  },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const step of steps) {
  if (only.length > 0 && !only.some((word) => step.name.includes(word))) continue;
  const started = Date.now();
  console.log(`\n=== ${step.name}: ${step.command.join(' ')}`);
  const result = spawnSync(step.command[0]!, step.command.slice(1), { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (step.report) {
    try {
      const report = JSON.parse(readFileSync(step.report, 'utf8')) as {
        numPassedTests: number;
        numFailedTests: number;
      };
      passed += report.numPassedTests;
      failed += report.numFailedTests;
    } catch {
      failed += 1; // no report: the runner itself failed
    }
  }
  if (result.status !== 0) {
    console.error(`\n✖ ${step.name} failed after ${seconds} s`);
    console.log(`${passed} passed, ${Math.max(failed, 1)} failed`);
    process.exit(1);
  }
  console.log(`✔ ${step.name} (${seconds} s)`);
}
console.log(`${passed} passed, ${failed} failed`);
