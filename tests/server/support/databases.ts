/** The two database drivers for tests: PGlite in memory or in a temp dir, and a throwaway Postgres cluster. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PostgresCluster, startPostgresCluster } from '../../../scripts/lib/postgres-cluster.ts';
import type { Database } from '../../../server/db/database.ts';
import { type DatabaseSettings, openDatabase } from '../../../server/db/open-database.ts';
import { randomId } from '../../../server/random-id.ts';

export type DriverName = 'pglite' | 'postgres';
export const DRIVERS: DriverName[] = ['pglite', 'postgres'];

/** Where a test's databases live; `settings()` names a fresh, empty database each call. */
export interface DatabaseHost {
  driver: DriverName;
  settings(): Promise<DatabaseSettings>;
  stop(): Promise<void>;
}

export async function startDatabaseHost(driver: DriverName): Promise<DatabaseHost> {
  if (driver === 'pglite') {
    const dirs: string[] = [];
    return {
      driver,
      async settings() {
        const dir = await mkdtemp(join(tmpdir(), 'earshot-pglite-'));
        dirs.push(dir);
        return { driver: 'pglite', dataDir: dir };
      },
      async stop() {
        await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
      },
    };
  }
  const cluster: PostgresCluster = await startPostgresCluster();
  const admin = await openDatabase({ driver: 'postgres', url: cluster.url });
  return {
    driver,
    async settings() {
      const name = `test_${randomId(10).toLowerCase()}`;
      await admin.exec(`CREATE DATABASE ${name}`);
      return { driver: 'postgres', url: cluster.databaseUrl(name) };
    },
    async stop() {
      await admin.close();
      await cluster.stop();
    },
  };
}

/** Opens (and migrates) a fresh database on `host`. */
export async function freshDatabase(
  host: DatabaseHost,
): Promise<{ db: Database; settings: DatabaseSettings }> {
  const settings = await host.settings();
  return { db: await openDatabase(settings), settings };
}
