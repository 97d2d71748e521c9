/**
 * The one storage abstraction of the rooms service: Postgres SQL over either PGlite (embedded, the
 * default) or a real Postgres server. Callers write plain SQL with $1… parameters.
 */

/** Something that runs SQL: the database itself, or a transaction. */
export interface Queryable {
  /** Rows of one statement. Cast bigint results (`count(*)`) to int in SQL: drivers differ on bigint. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Database extends Queryable {
  readonly driver: 'pglite' | 'postgres';
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Calls `onPayload` for every NOTIFY on `channel`; resolves once listening. Returns the unlisten. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}
