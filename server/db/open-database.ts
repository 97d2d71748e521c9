/** Opens the configured database and brings its schema up to date. */
import type { Database } from './database.ts';
import { openMemoryPglite } from './memory-pglite.ts';
import { migrate } from './migrate.ts';
import { openPgliteDatabase } from './pglite-database.ts';
import { openPostgresDatabase } from './postgres-database.ts';

export type DatabaseSettings =
  /** A real Postgres server. */
  | { driver: 'postgres'; url: string }
  /** Embedded PGlite; in memory when `dataDir` is undefined. */
  | { driver: 'pglite'; dataDir?: string };

export async function openDatabase(settings: DatabaseSettings): Promise<Database> {
  if (settings.driver === 'pglite' && !settings.dataDir) return openMemoryPglite();
  const db =
    settings.driver === 'postgres'
      ? await openPostgresDatabase(settings.url)
      : await openPgliteDatabase(settings.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
