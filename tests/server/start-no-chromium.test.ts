/**
 * `npm start` with a display but no Chromium on PATH (nor CHROME_PATH): it says so at once, with what to
 * do, before the slow steps. Then a Ctrl-C while the first start creates its database: nothing is left
 * running and no half-made database is left behind for the next start to trip on.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, expect, it } from 'vitest';
import { freeTcpPort } from '../../scripts/lib/free-port.ts';
import { findBrowser, tcpPortFree } from '../../scripts/lib/start-checks.ts';
import { hasStackTrace, pathWithout, runStart } from './support/start-script.ts';

let dataRoot: string | undefined;
afterAll(async () => {
  if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
});

it('says at once that no Chromium was found and what to do; Ctrl-C during the first start leaves nothing', async () => {
  dataRoot = await mkdtemp(join(tmpdir(), 'earshot-start-'));
  const dataDir = join(dataRoot, 'pglite');
  const path = pathWithout('chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable');
  expect(findBrowser({ PATH: path })).toEqual({ kind: 'none' });
  const service = await freeTcpPort();
  let livekit = await freeTcpPort();
  while (livekit === service) livekit = await freeTcpPort();
  const run = runStart({
    PORT: String(service),
    LIVEKIT_PORT: String(livekit),
    PGLITE_DIR: dataDir,
    EARSHOT_SKIP_BUILD: '1',
    DISPLAY: ':0',
    PATH: path,
  });
  let output: string;
  try {
    output = await run.waitFor(/creating the database in /, 120_000);
  } finally {
    run.child.kill('SIGINT');
  }
  expect(output).toContain(
    'No Chromium found (Debian/Ubuntu: sudo apt-get install chromium; or set CHROME_PATH=<chromium binary>). ' +
      'How to load the extension by hand follows once everything runs.',
  );
  expect(output).not.toContain('No display');

  const { code, output: all } = await run.exited;
  expect(code).toBe(130);
  expect(all).toMatch(/stopping…\n\[earshot\] stopped\.\n?$/);
  expect(hasStackTrace(all)).toBe(false);
  // The database is either complete or absent, never half-made; the lock is gone; nothing listens.
  if (existsSync(dataDir)) {
    const db = await PGlite.create(dataDir);
    expect((await db.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await db.close();
  }
  expect(existsSync(`${dataDir}.creating`)).toBe(false);
  expect(existsSync(`${dataDir}.lock`)).toBe(false);
  expect(await tcpPortFree(service)).toBe(true);
  expect(await tcpPortFree(livekit)).toBe(true);
}, 300_000);
