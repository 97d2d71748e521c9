/**
 * Backups that lose nothing, with the documented commands (`npm run db:backup` / `db:restore`, i.e.
 * scripts/backup.ts): a populated database — accounts, sessions, claimed handles, follows, live,
 * scheduled and ended rooms — is dumped, restored into a fresh database, and a service on the copy
 * answers exactly as the original did. Postgres (pg_dump/pg_restore, taken while the service runs) and
 * the embedded PGlite (its data directory dump, taken with the service stopped).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeTcpPort } from '../../scripts/lib/free-port.ts';
import { repoRoot } from '../../scripts/lib/repo-paths.ts';
import { type LiveKitHandle, startLiveKit } from '../../scripts/livekit.ts';
import type { DatabaseSettings } from '../../server/db/open-database.ts';
import { startService } from '../../server/start-service.ts';
import { DRIVERS, startDatabaseHost } from './support/databases.ts';
import { describePopulation, populate } from './support/populated-database.ts';
import { RELAXED_LIMITS } from './support/service-fixture.ts';
import { useForFile } from './support/use-for-file.ts';

let livekit: LiveKitHandle;
let scratch: string;

beforeAll(async () => {
  livekit = await startLiveKit();
  scratch = await mkdtemp(join(tmpdir(), 'earshot-backup-'));
});

afterAll(async () => {
  await livekit?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const envOf = (settings: DatabaseSettings): Record<string, string> =>
  settings.driver === 'postgres' ? { DATABASE_URL: settings.url } : { PGLITE_DIR: settings.dataDir! };

/** Runs scripts/backup.ts as an operator would (`npm run db:backup -- <file>`); resolves with its output. */
function backupScript(command: 'backup' | 'restore', file: string, settings: DatabaseSettings) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...envOf(settings) };
  if (settings.driver === 'pglite') delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', command, file], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, output })),
  );
}

const serviceOn = async (database: DatabaseSettings) =>
  startService({
    port: await freeTcpPort(),
    livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
    database,
    // The same public URL for the original and the copy: share links are part of what must match.
    publicUrl: 'https://rooms.earshot.test',
    limits: RELAXED_LIMITS,
  });

describe.each(DRIVERS)('%s', (driver) => {
  const host = useForFile(() => startDatabaseHost(driver));

  it('restores a dump into a fresh database that serves the same accounts, follows, rooms and handles', async () => {
    const original = await host.settings();
    const service = await serviceOn(original);
    const population = await populate(service);
    const before = await describePopulation(service, population);
    // Sanity: the population really has what the comparison is about.
    expect(before.perUser[0]!.me.body.handles).toHaveLength(2);
    expect(before.perUser[0]!.followers.accounts).toHaveLength(2);
    expect(before.rooms.map(([, body]) => body.room.state)).toEqual(['live', 'scheduled', 'ended']);

    const file = join(scratch, `${driver}.backup`);
    // Postgres is dumped online; PGlite belongs to one process, so the service stops first.
    if (driver === 'pglite') await service.stop();
    const backup = await backupScript('backup', file, original);
    expect(backup).toMatchObject({ code: 0, output: expect.stringContaining('backed up') });
    if (driver === 'postgres') await service.stop();

    const copy = await host.settings();
    const restore = await backupScript('restore', file, copy);
    expect(restore).toMatchObject({ code: 0, output: expect.stringContaining('restored') });
    const restored = await serviceOn(copy);
    try {
      expect(await describePopulation(restored, population)).toEqual(before);
      const versions = await restored.db.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.length).toBeGreaterThan(1);
    } finally {
      await restored.stop();
    }

    // Restoring over data is refused: nothing gets mixed or overwritten.
    const again = await backupScript('restore', file, copy);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/not empty/);
  });
});
