/** The embedded driver: PGlite (Postgres compiled to WebAssembly) in this process. */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.ts';

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
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create({ loadDataDir: template });
  const wrap = (runner: Pick<PGlite, 'query'>): Queryable => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await runner.query<Row>(sql, [...params])).rows;
    },
  });
  const base = wrap(db);
  let closing: Promise<void> | undefined;
  return {
    driver: 'pglite',
    query: base.query,
    async exec(sql) {
      await db.exec(sql);
    },
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    async listen(channel, onPayload) {
      const unlisten = await db.listen(channel, onPayload);
      return async () => {
        if (!db.closed) await unlisten();
      };
    },
    async notify(channel, payload) {
      await db.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    dump: () => db.dumpDataDir('none'),
    close() {
      closing ??= db.close();
      return closing;
    },
  };
}
