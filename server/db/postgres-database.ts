/** The server driver: a real Postgres reached through `postgres` (porsager), with a small pool. */
import postgres from 'postgres';
import type { Database } from './database.ts';
import { driverDatabase } from './driver-database.ts';

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
  return driverDatabase<Sql>({
    driver: 'postgres',
    pool: sql,
    async rows(runner, text, params) {
      // Prepared per connection: unprepared, every query with parameters costs two round trips
      // (postgres.js describes it first to learn the parameter types). The SQL texts are a fixed set.
      return [...(await runner.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }))];
    },
    transaction: <T>(work: (tx: Sql) => Promise<T>) => sql.begin(work) as Promise<T>,
    async exec(text) {
      await sql.unsafe(text).simple();
    },
    async listen(channel, onPayload) {
      const { unlisten } = await sql.listen(channel, onPayload);
      return unlisten;
    },
    async notify(channel, payload) {
      await sql.notify(channel, payload);
    },
    end: () => sql.end({ timeout: 5 }),
  });
}
