/** The server driver: a real Postgres reached through `postgres` (porsager), with a small pool. */
import postgres from 'postgres';
import type { Database, Queryable } from './database.ts';

type Sql = postgres.Sql | postgres.TransactionSql;

export interface PostgresDatabaseOptions {
  /** Connections in the pool. Default 10. */
  maxConnections?: number;
}

export async function openPostgresDatabase(
  url: string,
  options: PostgresDatabaseOptions = {},
): Promise<Database> {
  const sql = postgres(url, {
    max: options.maxConnections ?? 10,
    onnotice: () => {},
    // Keep timestamps as Date and bigints as strings (cast to int in SQL where a number is wanted).
    connection: { application_name: 'earshot-rooms' },
  });
  // Fail now, with a clear message, rather than on the first request.
  await sql`SELECT 1`;
  const wrap = (runner: Sql): Queryable => ({
    async query<Row>(text: string, params: readonly unknown[] = []) {
      // Prepared per connection: unprepared, every query with parameters costs two round trips
      // (postgres.js describes it first to learn the parameter types). The SQL texts are a fixed set.
      const rows = await runner.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true });
      return [...rows] as Row[];
    },
  });
  const base = wrap(sql);
  let closing: Promise<void> | undefined;
  return {
    driver: 'postgres',
    query: base.query,
    async exec(text) {
      await sql.unsafe(text).simple();
    },
    transaction: <T>(work: (tx: Queryable) => Promise<T>) => sql.begin((tx) => work(wrap(tx))) as Promise<T>,
    async listen(channel, onPayload) {
      const { unlisten } = await sql.listen(channel, onPayload);
      return unlisten;
    },
    async notify(channel, payload) {
      await sql.notify(channel, payload);
    },
    close() {
      closing ??= sql.end({ timeout: 5 });
      return closing;
    },
  };
}
