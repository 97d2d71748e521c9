/**
 * The rooms service as its own process in production mode (`server/main.ts --production`), for tests and
 * the deploy topology: its JSON log lines parsed as they come. Run from the sources through tsx, or, as
 * `npm run serve` and deploy/'s systemd unit run it, from the compiled bundle (scripts/build-service.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { hasExited, killWithParent, stopChild } from './child-lifecycle.ts';
import { OutputWaiters } from './output-waiters.ts';
import { repoRoot } from './repo-paths.ts';

export type LogRecord = { level: string; msg: string; time: string } & Record<string, unknown>;

export interface ServiceProcess {
  child: ChildProcess;
  /** JSON log records so far (stdout). */
  records: LogRecord[];
  /** stdout lines that were not JSON, and everything on stderr. */
  otherOutput(): string;
  /** Resolves with the first record (so far or to come) matching `predicate`. */
  nextRecord(predicate: (record: LogRecord) => boolean, timeoutMs?: number): Promise<LogRecord>;
  /** The process's exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** SIGTERM (graceful), SIGKILL after `killAfterMs`. */
  stop(killAfterMs?: number): Promise<void>;
}

/**
 * glibc's malloc settings for a service process (read by glibc at process start, so they go in its
 * environment). V8 compiles Postgres' hot WebAssembly functions with TurboFan on background threads; the
 * compiler's scratch memory, freed at once, would otherwise stay in malloc's per-thread arenas, ~45 MB held
 * for the life of the process. A fixed mmap threshold of 32 KB gives blocks that large back to the system
 * when freed (and stops glibc from raising the threshold as it sees them). BENCHMARKS.md, "Embedded
 * database memory".
 */
export const SERVICE_MALLOC_ENV: Record<string, string> = { MALLOC_MMAP_THRESHOLD_: '32768' };

/** Settings of this machine's environment that must not leak into the service under test. */
const CLEARED = ['PORT', 'HOST', 'PUBLIC_URL', 'DATABASE_URL', 'PGLITE_DIR', 'EARSHOT_MODE'];

/**
 * A service process's environment: the caller's, without what would choose the service's address, database,
 * LiveKit or mode (CLEARED, LIVEKIT_*), with the malloc settings, then `env`.
 */
export function serviceEnvironment(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CLEARED) delete base[name];
  for (const name of Object.keys(base)) if (name.startsWith('LIVEKIT_')) delete base[name];
  return { ...base, ...SERVICE_MALLOC_ENV, ...env };
}

export interface ServiceProcessOptions {
  /** Run this compiled bundle (buildService()) with plain node instead of the sources through tsx. */
  bundle?: string;
}

export function spawnServiceProcess(
  env: Record<string, string>,
  args = ['--production'],
  options: ServiceProcessOptions = {},
): ServiceProcess {
  const entry = options.bundle
    ? ['--enable-source-maps', options.bundle]
    : ['--import', 'tsx', join(repoRoot, 'server', 'main.ts')];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: repoRoot,
    env: serviceEnvironment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const release = killWithParent(child);
  const records: LogRecord[] = [];
  let other = '';
  const waiters = new OutputWaiters();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      records.push(JSON.parse(line) as LogRecord);
    } catch {
      other += `${line}\n`;
    }
    waiters.changed();
  });
  child.stderr?.on('data', (chunk) => {
    other += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      release();
      waiters.changed();
      resolve(code);
    }),
  );
  return {
    child,
    records,
    otherOutput: () => other,
    exited,
    nextRecord: (predicate, timeoutMs = 30_000) =>
      waiters.waitFor({
        find: () => records.find(predicate),
        failed: () =>
          hasExited(child) ? new Error(`the service exited (${child.exitCode}) first:\n${other}`) : undefined,
        timeoutMs,
        timedOut: () => new Error(`no matching log record within ${timeoutMs} ms:\n${other}`),
      }),
    stop: (killAfterMs = 15_000) => stopChild(child, { killAfterMs }),
  };
}

/** Starts it and resolves once it logs `listening` (with its URL). */
export async function startServiceProcess(
  env: Record<string, string>,
  options: ServiceProcessOptions = {},
): Promise<ServiceProcess & { url: string }> {
  const service = spawnServiceProcess(env, ['--production'], options);
  try {
    const listening = await service.nextRecord((record) => record.msg === 'listening', 60_000);
    return Object.assign(service, { url: String(listening.url) });
  } catch (error) {
    await service.stop(1000);
    throw error;
  }
}
