/**
 * Upgrades that lose nothing, on PGlite and Postgres:
 * - a database made by the first schema (only migration 001 applied, as the service of that time left
 *   it) and holding data is brought up to date when the current service starts on it, every row kept,
 *   and the service answers for it (passwords, old session tokens, handles, follows, rooms);
 * - a migration that fails midway leaves nothing behind (each runs in one transaction with its
 *   bookkeeping row): no half-made column or table, no row saying it ran, and the fixed migration
 *   applies afterwards.
 */
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.ts';
import { hashSessionToken, newSessionToken } from '../../server/auth/session-tokens.ts';
import type { Database } from '../../server/db/database.ts';
import { migrate, readMigrations } from '../../server/db/migrate.ts';
import type { DatabaseSettings } from '../../server/db/open-database.ts';
import { openPgliteDatabase } from '../../server/db/pglite-database.ts';
import { openPostgresDatabase } from '../../server/db/postgres-database.ts';
import { startService } from '../../server/start-service.ts';
import { DRIVERS, startDatabaseHost } from './support/databases.ts';
import { api, deadLiveKit } from './support/service-fixture.ts';
import { useForFile } from './support/use-for-file.ts';

/** Opens a database without migrating it (openDatabase would bring it up to date). */
const openRaw = (settings: DatabaseSettings): Promise<Database> =>
  settings.driver === 'postgres' ? openPostgresDatabase(settings.url) : openPgliteDatabase(settings.dataDir);

const PASSWORD = 'correct horse battery';

/** What migration 001's tables hold, in 001's columns only: what an upgrade must keep. */
const TABLES_OF_001: Record<string, string> = {
  accounts:
    'SELECT id, username, display_name, avatar_url, password_hash, created_at FROM accounts ORDER BY id',
  sessions: 'SELECT token_hash, account_id, created_at, expires_at FROM sessions ORDER BY token_hash',
  claimed_handles: 'SELECT site, handle, account_id, claimed_at FROM claimed_handles ORDER BY site, handle',
  follows: 'SELECT follower_id, followee_id, created_at FROM follows ORDER BY follower_id, followee_id',
  rooms:
    'SELECT id, host_id, title, description, language, state, scheduled_for, started_at, ended_at, ' +
    'listener_count, speaker_count, created_at FROM rooms ORDER BY id',
  room_roles: 'SELECT room_id, account_id, role FROM room_roles ORDER BY room_id, account_id',
};

async function contentsOf001(db: Database) {
  const contents: Record<string, unknown[]> = {};
  for (const [table, sql] of Object.entries(TABLES_OF_001)) contents[table] = await db.query(sql);
  return contents;
}

/** Fills a 001-era database the way that version of the service wrote rows. */
async function insert001Data(db: Database, token: string) {
  const hash = await hashPassword(PASSWORD);
  await db.query(
    `INSERT INTO accounts (id, username, display_name, password_hash) VALUES
       ('acc_host00001', 'old_host', 'Old Host', $1), ('acc_fan000001', 'old_fan', 'Old Fan', $1)`,
    [hash],
  );
  await db.query(
    `INSERT INTO sessions (token_hash, account_id, expires_at) VALUES ($1, 'acc_fan000001', $2)`,
    [hashSessionToken(token), new Date(Date.now() + 86_400_000)],
  );
  await db.query(`INSERT INTO claimed_handles (site, handle, account_id) VALUES
    ('x', 'oldhost', 'acc_host00001'), ('bsky', 'oldhost.bsky.social', 'acc_host00001')`);
  await db.query(`INSERT INTO follows (follower_id, followee_id) VALUES ('acc_fan000001', 'acc_host00001')`);
  await db.query(`INSERT INTO rooms (id, host_id, title, state, scheduled_for, started_at, ended_at) VALUES
    ('upcoming01', 'acc_host00001', 'Upcoming', 'scheduled', now() + interval '1 day', NULL, NULL),
    ('finished01', 'acc_host00001', 'Done', 'ended', NULL, now() - interval '2 hours', now() - interval '1 hour')`);
  await db.query(
    `INSERT INTO room_roles (room_id, account_id, role) VALUES ('upcoming01', 'acc_fan000001', 'cohost')`,
  );
}

describe.each(DRIVERS)('%s', (driver) => {
  const host = useForFile(() => startDatabaseHost(driver));

  it('migrates a database of the first schema on start, keeping every row, and serves it', async () => {
    const settings = await host.settings();
    const all = await readMigrations();
    expect(all.length).toBeGreaterThan(1);
    const old = await openRaw(settings);
    expect(await migrate(old, all.slice(0, 1))).toEqual([all[0]!.name]);
    const token = newSessionToken();
    await insert001Data(old, token);
    const before = await contentsOf001(old);
    await old.close();

    const service = await startService({ livekit: await deadLiveKit(), database: settings });
    try {
      const versions = await service.db.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(versions.map((row) => row.version)).toEqual(all.map((m) => m.version));
      expect(await contentsOf001(service.db)).toEqual(before);

      // The service answers for the old data: the old session, the old password, handles, follows, rooms.
      const me = await api(service, '/v1/me', { token });
      expect(me).toMatchObject({ status: 200, body: { username: 'old_fan', displayName: 'Old Fan' } });
      const signIn = await api(service, '/v1/sessions', {
        method: 'POST',
        body: { username: 'old_host', password: PASSWORD },
      });
      expect(signIn.status).toBe(200);
      expect(signIn.body.account.handles.map((h: { handle: string }) => h.handle).sort()).toEqual([
        'oldhost',
        'oldhost.bsky.social',
      ]);
      const followers = await api(service, '/v1/accounts/old_host/followers');
      expect(followers.body.accounts.map((a: { username: string }) => a.username)).toEqual(['old_fan']);
      expect((await api(service, '/v1/rooms/upcoming01')).body.room).toMatchObject({
        title: 'Upcoming',
        state: 'scheduled',
      });
      expect((await api(service, '/v1/rooms/finished01')).body.room.state).toBe('ended');
    } finally {
      await service.stop();
    }
  });

  it('rolls back a migration that fails midway, then applies it once fixed', async () => {
    const settings = await host.settings();
    const db = await openRaw(settings);
    try {
      await migrate(db);
      await insert001Data(db, newSessionToken());
      const before = await contentsOf001(db);
      const broken = {
        version: 900,
        name: '900_half.sql',
        sql: [
          'ALTER TABLE accounts ADD COLUMN half_done text;',
          'CREATE TABLE upgrade_probe (id int);',
          "UPDATE accounts SET display_name = 'changed';",
          'SELECT no_such_function();',
        ].join('\n'),
      };
      await expect(migrate(db, [broken])).rejects.toThrow(/no_such_function/);

      const column = await db.query(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'half_done'",
      );
      expect(column).toEqual([]);
      expect(await db.query("SELECT to_regclass('upgrade_probe') IS NULL AS missing")).toEqual([
        { missing: true },
      ]);
      expect(await db.query('SELECT 1 FROM schema_migrations WHERE version = 900')).toEqual([]);
      expect(await contentsOf001(db)).toEqual(before);

      const fixed = { ...broken, sql: broken.sql.replace('SELECT no_such_function();', '') };
      expect(await migrate(db, [fixed])).toEqual(['900_half.sql']);
      expect(await db.query('SELECT DISTINCT display_name FROM accounts')).toEqual([
        { display_name: 'changed' },
      ]);
      expect(await migrate(db, [fixed])).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
