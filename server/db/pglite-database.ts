/** The embedded driver: PGlite (Postgres compiled to WebAssembly) in this process. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from './database.ts';
import { driverDatabase } from './driver-database.ts';

/**
 * Why the embedded database's memory is what it is (BENCHMARKS.md, "Embedded database memory"): a
 * WebAssembly memory only grows, so whatever Postgres touched once stays resident. Postgres' default
 * 128 MB of shared buffers fill up as tables are read; 16 MB hold this service's working set at the
 * sizes PGlite is meant for (one machine, a few thousand accounts), and Postgres reads the rest
 * through the OS cache.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/**
 * A new data directory is made (PGlite's initdb) in a short-lived child process: initdb's own
 * WebAssembly memory (~400 MB touched) would otherwise stay in the caller's process for its whole life.
 * The command that does it (node, its arguments, its working folder), for `dataDir`; scripts/start.ts runs
 * it too, to keep that memory out of `npm start`'s own process.
 */
export function initdbCommand(dataDir: string): { command: string; args: string[]; cwd: string } {
  const script = `import('@electric-sql/pglite').then(async ({ PGlite }) => {
    const db = await PGlite.create(process.argv[1]);
    await db.close();
  }).catch((error) => { console.error(error); process.exit(1); });`;
  // Absolute: the child runs elsewhere (cwd), and a relative PGLITE_DIR would be made there instead.
  return {
    command: process.execPath,
    args: ['--input-type=module', '-e', script, resolve(dataDir)],
    cwd: import.meta.dirname,
  };
}

async function initDataDir(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const { command, args, cwd } = initdbCommand(dataDir);
  await promisify(execFile)(command, args, { cwd });
}

export interface PgliteDatabase extends Database {
  /** The whole data directory as a tarball (to start other in-memory instances from). */
  dump(): Promise<Blob>;
}

/**
 * A PGlite database kept in `dataDir`, or in memory when `dataDir` is undefined (optionally
 * starting from a `template` dump). One connection: statements run one at a time, a transaction
 * holds the database until it ends.
 */
export async function openPgliteDatabase(dataDir?: string, template?: Blob): Promise<PgliteDatabase> {
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    await initDataDir(dataDir);
  }
  const db = dataDir
    ? await PGlite.create(dataDir, { startParams: START_PARAMS })
    : await PGlite.create({ loadDataDir: template, startParams: START_PARAMS });
  const database = driverDatabase<Pick<PGlite, 'query'>>({
    driver: 'pglite',
    pool: db,
    rows: async (runner, sql, params) => (await runner.query(sql, [...params])).rows,
    transaction: (work) => db.transaction(work),
    async exec(sql) {
      await db.exec(sql);
    },
    async listen(channel, onPayload) {
      const unlisten = await db.listen(channel, onPayload);
      return async () => {
        if (!db.closed) await unlisten();
      };
    },
    async notify(channel, payload) {
      await db.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    end: () => db.close(),
  });
  return { ...database, dump: () => db.dumpDataDir('none') };
}
