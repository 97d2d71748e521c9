/**
 * Every benchmark, run in its smoke mode (`npm run bench… -- --smoke`): tiny sizes against the real parts
 * (LiveKit, the rooms service, Chromium with the built extension), its own results checked for sanity (the
 * script exits non-zero otherwise), its section written to .tmp/bench-smoke/ and BENCHMARKS.md left alone.
 * Here so that a benchmark cannot break unnoticed: it runs after the builds, on .output/ as `npm test` made it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const SMOKE_DIR = '.tmp/bench-smoke';

/** The child must not think it runs inside vitest (bench:recovery starts a vitest of its own). */
function benchEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
}

function runSmoke(script: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script, '--', '--smoke'], {
      env: benchEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      // The whole group: npm, tsx and whatever the benchmark started.
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      reject(new Error(`${script} --smoke did not finish within ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const benchmarksFile = () => (existsSync('BENCHMARKS.md') ? readFileSync('BENCHMARKS.md', 'utf8') : '');

const cases = [
  // script, the section file it writes, time allowed (2 busy cores; bench:load may build its Go listener first)
  // bench:service also starts the service twice on PGlite to read its memory at rest (~30 s more)
  { script: 'bench:service', section: 'rooms-service.md', timeoutMs: 180_000 },
  // bench-join-tls: two more stacks (loopback; deploy/'s TLS topology in a network namespace), ~50 s
  {
    script: 'bench',
    section: 'join-latency-and-bundle-size.md',
    also: ['join-latency-side-by-side.md', 'web-player.md'],
    timeoutMs: 300_000,
  },
  { script: 'bench:feed', section: 'feed-content-script-cost.md', timeoutMs: 240_000 },
  { script: 'bench:load', section: 'load.md', timeoutMs: 300_000 },
  { script: 'bench:recovery', section: 'recovery-times.md', timeoutMs: 240_000 },
  // Postgres, one LiveKit and two service processes
  { script: 'bench:scale-out', section: 'rooms-service-two-instances.md', timeoutMs: 180_000 },
  // a real PLC, PDS and AppView (@atproto/dev-env) with 50 accounts, and a Mastodon-shaped instance (~1 min)
  { script: 'bench:follows', section: 'follows-import.md', timeoutMs: 240_000 },
];

for (const { script, section, timeoutMs, ...more } of cases) {
  it(
    `npm run ${script} -- --smoke measures sane numbers and leaves BENCHMARKS.md alone`,
    async () => {
      const before = benchmarksFile();
      const started = Date.now();
      const { code, output } = await runSmoke(script, timeoutMs);
      console.log(`${script} --smoke: exit ${code} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
      expect(code, output).toBe(0);
      expect(output).toContain('sanity checks passed');
      const file = path.join(SMOKE_DIR, section);
      expect(existsSync(file), `${file} written`).toBe(true);
      expect(statSync(file).mtimeMs).toBeGreaterThanOrEqual(started);
      expect(readFileSync(file, 'utf8'), 'a table in the section').toMatch(/^\|.*\|$/m);
      for (const name of 'also' in more && more.also ? more.also : []) {
        const second = path.join(SMOKE_DIR, name);
        expect(existsSync(second) && statSync(second).mtimeMs >= started, `${second} written`).toBe(true);
      }
      expect(benchmarksFile()).toBe(before);
    },
    timeoutMs + 10_000,
  );
}
