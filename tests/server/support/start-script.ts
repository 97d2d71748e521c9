/** Runs `scripts/start.ts` (what `npm start` runs) as a newcomer would, with a chosen environment. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { hasExited, killWithParent } from '../../../scripts/lib/child-lifecycle.ts';
import { OutputWaiters } from '../../../scripts/lib/output-waiters.ts';
import { repoRoot } from '../../../scripts/lib/repo-paths.ts';

export interface StartRun {
  child: ChildProcess;
  /** stdout and stderr so far, in arrival order. */
  output(): string;
  /** Resolves with the output once `pattern` appears in it; rejects on timeout or exit. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The exit code (null when killed by a signal) and the whole output. */
  exited: Promise<{ code: number | null; output: string }>;
}

/** Settings of the machine that would change what start.ts does: the test decides them. */
const CLEARED = [
  'PORT',
  'LIVEKIT_PORT',
  'PGLITE_DIR',
  'DATABASE_URL',
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'CHROME_PATH',
  'EARSHOT_TOOLS_DIR',
  'EARSHOT_SKIP_BUILD',
  'EARSHOT_DEBUG',
];

/** `root`: the repository whose scripts/start.ts runs (a copy, to break something in it). */
export function runStart(env: Record<string, string | undefined>, root = repoRoot): StartRun {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of CLEARED) delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'start.ts')], {
    cwd: root,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const release = killWithParent(child);
  let output = '';
  const waiters = new OutputWaiters();
  const onChunk = (chunk: Buffer) => {
    output += chunk.toString();
    waiters.changed();
  };
  child.stdout?.on('data', onChunk);
  child.stderr?.on('data', onChunk);
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => {
    child.once('close', (code) => {
      release();
      waiters.changed();
      resolve({ code, output });
    });
  });

  return {
    child,
    output: () => output,
    exited,
    waitFor: (pattern, timeoutMs = 90_000) =>
      waiters.waitFor({
        find: () => (pattern.test(output) ? output : undefined),
        failed: () =>
          hasExited(child)
            ? new Error(
                `start.ts exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${output}`,
              )
            : undefined,
        timeoutMs,
        timedOut: () => new Error(`No ${pattern} within ${timeoutMs} ms:\n${output}`),
      }),
  };
}

/** PATH without the folders that hold any of `programs`, so start.ts cannot find them. */
export function pathWithout(...programs: string[]): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir && !programs.some((program) => existsSync(join(dir, program))))
    .join(delimiter);
}

/** Processes (other than this one) whose command line contains `text`; Linux only (/proc). */
export function processesMatching(text: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (command.includes(text)) found.push(`${entry} ${command}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** A user message, not a crash: no JavaScript stack frame in the output. */
export function hasStackTrace(output: string): boolean {
  return /^\s+at .+(\.ts|\.js|\.mjs):\d+/m.test(output);
}
