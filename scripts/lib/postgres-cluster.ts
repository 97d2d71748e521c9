/**
 * A throwaway Postgres cluster for tests and benchmarks: Debian's `postgresql` binaries, a fresh
 * data directory in the system temp folder, 127.0.0.1 on a free port (its unix socket in that
 * folder), trust authentication for local connections only. Removed again by `stop()`.
 *
 * Postgres refuses to run as root: when this process is root, the cluster runs as the `postgres`
 * system user (spawned with its uid/gid, as `runuser -u postgres` would), in a folder it owns.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasExited, killWithParent, stopChild } from './child-lifecycle.ts';
import { freeTcpPort } from './free-port.ts';

export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** URL of another database of this cluster. */
  databaseUrl(name: string): string;
  stop(): Promise<void>;
}

const candidateBinDirs = [
  '/usr/lib/postgresql/17/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/15/bin',
];

/** Where initdb and postgres are, or undefined when Postgres is not installed. */
export function findPostgresBinDir(): string | undefined {
  const fromEnv = process.env.POSTGRES_BIN_DIR;
  if (fromEnv && existsSync(join(fromEnv, 'postgres'))) return fromEnv;
  return candidateBinDirs.find((dir) => existsSync(join(dir, 'postgres')));
}

function systemUser(name: string): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function run(binary: string, args: string[], user: { uid: number; gid: number } | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], ...user, env: { LANG: 'C' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${binary} exited with ${code}: ${stderr.trim()}`)),
    );
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const binDir = findPostgresBinDir();
  if (!binDir) {
    throw new Error('Postgres is not installed: apt-get install postgresql (or set POSTGRES_BIN_DIR)');
  }
  const user = process.getuid?.() === 0 ? systemUser('postgres') : undefined;
  if (process.getuid?.() === 0 && !user) throw new Error('Running as root needs the "postgres" system user');

  const dir = await mkdtemp(join(tmpdir(), 'earshot-pg-'));
  if (user) await chown(dir, user.uid, user.gid);
  const dataDir = join(dir, 'data');
  const port = await freeTcpPort();
  let child: ChildProcess | undefined;
  let releaseExitHook = () => {};
  const cleanUp = async () => {
    if (child)
      await stopChild(child, { followUpSignals: [{ afterMs: 200, signal: 'SIGINT' }], killAfterMs: 5000 });
    releaseExitHook();
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await run(
      join(binDir, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      user,
    );
    const serverArgs = ['-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'];
    // A disposable cluster: durability buys nothing here.
    serverArgs.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
    child = spawn(join(binDir, 'postgres'), serverArgs, {
      stdio: ['ignore', 'ignore', 'pipe'],
      ...user,
      env: { LANG: 'C' },
    });
    releaseExitHook = killWithParent(child);
    let log = '';
    child.stderr?.on('data', (chunk) => {
      log = (log + chunk).slice(-4000);
    });
    const deadline = Date.now() + 20_000;
    while (!log.includes('ready to accept connections')) {
      if (hasExited(child) || Date.now() > deadline) {
        throw new Error(`Postgres did not start:\n${log}`);
      }
      await sleep(50);
    }
  } catch (error) {
    await cleanUp();
    throw error;
  }

  const databaseUrl = (name: string) => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(name)}`;
  let stopping: Promise<void> | undefined;
  return {
    url: databaseUrl('postgres'),
    port,
    databaseUrl,
    stop() {
      stopping ??= cleanUp();
      return stopping;
    },
  };
}
