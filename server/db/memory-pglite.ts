/**
 * In-memory PGlite databases (tests, `npm start`, throwaway services) start from a migrated
 * template cached in the system temp folder: loading it takes about a second, where a fresh
 * PGlite (its initdb) plus migrations take several. The cache is keyed by the PGlite version and
 * the migrations' text, written atomically, and ignored when it cannot be read.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Database } from './database.ts';
import { migrate, readMigrations } from './migrate.ts';
import { openPgliteDatabase } from './pglite-database.ts';

/** PGlite's package.json (not in its exports map): next to its dist/ folder. */
const pgliteVersion = (
  JSON.parse(
    readFileSync(
      join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json'),
      'utf8',
    ),
  ) as { version: string }
).version;

export async function openMemoryPglite(): Promise<Database> {
  const migrations = await readMigrations();
  const key = createHash('sha256')
    .update(pgliteVersion)
    .update(JSON.stringify(migrations))
    .digest('hex')
    .slice(0, 16);
  const file = join(tmpdir(), `earshot-pglite-template-${key}.tar`);

  try {
    const template = new Blob([await readFile(file)]);
    const db = await openPgliteDatabase(undefined, template);
    await migrate(db, migrations);
    return db;
  } catch {
    // No usable template yet: build one.
  }
  const db = await openPgliteDatabase();
  await migrate(db, migrations);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, Buffer.from(await (await db.dump()).arrayBuffer()));
  await rename(temporary, file);
  return db;
}
