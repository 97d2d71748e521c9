/**
 * A Database made of what a driver can do: how it runs one statement (on its pool or inside a transaction),
 * how it opens a transaction, how it ends. What every driver would otherwise repeat lives here: the same
 * Queryable over the pool and each transaction, and a close that ends the driver once however often it is called.
 */
import type { Database, Queryable } from './database.ts';

export interface DriverParts<Runner> extends Pick<Database, 'driver' | 'exec' | 'listen' | 'notify'> {
  /** What runs statements outside a transaction: the pool, or the one connection. */
  pool: Runner;
  /** The rows of one statement, run by `runner` (the pool or a transaction's). */
  rows(runner: Runner, sql: string, params: readonly unknown[]): Promise<unknown[]>;
  /** Runs `work` in one transaction, with the transaction's runner: committed when it resolves. */
  transaction<T>(work: (tx: Runner) => Promise<T>): Promise<T>;
  /** Ends the driver (its connections, or the embedded database). */
  end(): Promise<void>;
}

export function driverDatabase<Runner>(parts: DriverParts<Runner>): Database {
  const queryable = (runner: Runner): Queryable => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await parts.rows(runner, sql, params)) as Row[];
    },
  });
  let closing: Promise<void> | undefined;
  return {
    driver: parts.driver,
    query: queryable(parts.pool).query,
    exec: parts.exec,
    transaction: (work) => parts.transaction((tx) => work(queryable(tx))),
    listen: parts.listen,
    notify: parts.notify,
    close() {
      closing ??= parts.end();
      return closing;
    },
  };
}
