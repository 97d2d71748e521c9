/**
 * Backups of the rooms service's database, for either driver:
 * - Postgres (DATABASE_URL): `pg_dump --format=custom`, online (a consistent snapshot while the service
 *   runs), restored with `pg_restore` into an empty database.
 * - PGlite (the embedded default, PGLITE_DIR): PGlite's own dump of its data directory (a gzipped tar),
 *   taken while the service is stopped (PGlite is one process's database), restored into a new folder.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { DatabaseSettings } from '../../server/db/open-database.ts';
import { openPostgresDatabase } from '../../server/db/postgres-database.ts';
import { findPostgresBinDir } from './postgres-cluster.ts';

/** pg_dump / pg_restore of the cluster's version when a local cluster is installed, else the PATH's. */
function postgresTool(name: 'pg_dump' | 'pg_restore'): string {
  const binDir = findPostgresBinDir();
  return binDir && existsSync(join(binDir, name)) ? join(binDir, name) : name;
}

function run(binary: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', (error) => reject(new Error(`${binary} could not run: ${error.message}`)));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${binary} exited with ${code}: ${stderr.trim()}`)),
    );
  });
}

/** Writes a backup of the database `settings` names to `file`. */
export async function backupDatabase(settings: DatabaseSettings, file: string): Promise<void> {
  if (settings.driver === 'postgres') {
    await run(postgresTool('pg_dump'), ['--format=custom', '--no-owner', '--file', file, settings.url]);
    return;
  }
  if (!settings.dataDir) throw new Error('An in-memory database has nothing to back up');
  if (!existsSync(join(settings.dataDir, 'PG_VERSION')))
    throw new Error(`No PGlite database in ${settings.dataDir}`);
  const db = await PGlite.create(settings.dataDir);
  try {
    await writeFile(file, Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer()));
  } finally {
    await db.close();
  }
}

/** Restores `file` (from backupDatabase) into an empty database: refuses one that holds tables. */
export async function restoreDatabase(settings: DatabaseSettings, file: string): Promise<void> {
  if (settings.driver === 'postgres') {
    const db = await openPostgresDatabase(settings.url);
    try {
      const tables = await db.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'public' LIMIT 1`);
      if (tables.length > 0) throw new Error('The target database is not empty: restore into a new one');
    } finally {
      await db.close();
    }
    await run(postgresTool('pg_restore'), ['--no-owner', '--exit-on-error', '--dbname', settings.url, file]);
    return;
  }
  if (!settings.dataDir) throw new Error('Restore into a folder (PGLITE_DIR), not into memory');
  if (existsSync(settings.dataDir) && (await readdir(settings.dataDir)).length > 0)
    throw new Error(`${settings.dataDir} is not empty: restore into a new folder`);
  const db = await PGlite.create({
    dataDir: settings.dataDir,
    loadDataDir: new Blob([await readFile(file)]),
  });
  await db.close();
}
