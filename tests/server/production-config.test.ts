/**
 * Production mode refuses settings that are unsafe for a public server, with a message saying what to
 * fix: unit checks of every rule, then the real process (`server/main.ts --production`) exiting with
 * EX_CONFIG (78), and starting on loopback with the development defaults (trying it on one machine).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freeTcpPort } from '../../scripts/lib/free-port.ts';
import { spawnServiceProcess, startServiceProcess } from '../../scripts/lib/service-process.ts';
import { readConfig } from '../../server/config.ts';
import { isLoopbackUrl, productionProblems } from '../../server/production-config.ts';
import { api } from './support/service-fixture.ts';

const SECRET = 'a-secret-of-forty-characters-0123456789';

const PUBLIC_ENV = {
  PUBLIC_URL: 'https://rooms.example.org',
  LIVEKIT_URL: 'ws://127.0.0.1:7880',
  LIVEKIT_PUBLIC_URL: 'wss://lk.example.org',
  LIVEKIT_API_KEY: 'APIrooms',
  LIVEKIT_API_SECRET: SECRET,
  DATABASE_URL: 'postgres://earshot@db.internal/earshot',
};

const problemsOf = (env: Record<string, string | undefined>) => productionProblems(readConfig(env), env);

describe('production settings', () => {
  it('accepts a public server with its own keys, Postgres, HTTPS and WSS', () => {
    expect(problemsOf(PUBLIC_ENV)).toEqual([]);
  });

  it("refuses LiveKit's dev key or secret, missing keys and short secrets", () => {
    expect(problemsOf({ ...PUBLIC_ENV, LIVEKIT_API_KEY: 'devkey' }).join()).toMatch(
      /devkey \/ secret.*public/,
    );
    expect(problemsOf({ ...PUBLIC_ENV, LIVEKIT_API_SECRET: 'secret' }).join()).toMatch(/development key/);
    expect(problemsOf({ ...PUBLIC_ENV, LIVEKIT_API_KEY: undefined }).join()).toMatch(
      /LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set/,
    );
    expect(problemsOf({ ...PUBLIC_ENV, LIVEKIT_API_SECRET: 'short' }).join()).toMatch(
      /at least 32 characters/,
    );
  });

  it('refuses the embedded database, plain HTTP and a loopback or ws:// LiveKit for clients', () => {
    expect(problemsOf({ ...PUBLIC_ENV, DATABASE_URL: undefined })).toEqual([
      'DATABASE_URL must name a Postgres database (the embedded PGlite is for one machine)',
    ]);
    expect(problemsOf({ ...PUBLIC_ENV, PUBLIC_URL: 'http://rooms.example.org' }).join()).toMatch(
      /PUBLIC_URL must be https:\/\//,
    );
    expect(problemsOf({ ...PUBLIC_ENV, LIVEKIT_PUBLIC_URL: undefined }).join()).toMatch(/LIVEKIT_PUBLIC_URL/);
    expect(problemsOf({ ...PUBLIC_ENV, LIVEKIT_PUBLIC_URL: 'ws://lk.example.org' }).join()).toMatch(
      /LIVEKIT_PUBLIC_URL must be the wss:\/\//,
    );
  });

  it('lets loopback public URLs use the development defaults', () => {
    for (const url of [
      'http://127.0.0.1:8787',
      'http://localhost:8787',
      'http://[::1]:8787',
      'http://127.0.0.2',
    ]) {
      expect(isLoopbackUrl(url)).toBe(true);
      expect(problemsOf({ PUBLIC_URL: url })).toEqual([]);
    }
    expect(isLoopbackUrl('https://rooms.earshot.test')).toBe(false);
    expect(isLoopbackUrl('http://127.0.0.1.example.org')).toBe(false);
  });
});

describe('npm run serve (server/main.ts --production)', () => {
  it('exits with EX_CONFIG and every problem when started for a public URL with development settings', async () => {
    const service = spawnServiceProcess({ PUBLIC_URL: 'https://rooms.example.org' });
    expect(await service.exited).toBe(78);
    const output = service.otherOutput();
    expect(output).toContain('Refusing to serve https://rooms.example.org in production mode');
    expect(output).toContain('LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set');
    expect(output).toContain('DATABASE_URL must name a Postgres database');
    expect(output).toContain('See deploy/README.md');
    expect(service.records).toEqual([]);
  });

  it('exits with EX_CONFIG on the dev keys even when everything else is right', async () => {
    const service = spawnServiceProcess({
      ...PUBLIC_ENV,
      LIVEKIT_API_KEY: 'devkey',
      LIVEKIT_API_SECRET: 'secret',
    });
    expect(await service.exited).toBe(78);
    expect(service.otherOutput()).toMatch(/development key or secret \(devkey \/ secret\) is public/);
  });

  it('starts on loopback with JSON logs, /health and no demo room', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'earshot-serve-'));
    const port = await freeTcpPort();
    const service = await startServiceProcess({
      PORT: String(port),
      PGLITE_DIR: dataDir,
      LIVEKIT_URL: `ws://127.0.0.1:${await freeTcpPort()}`,
    });
    try {
      expect(service.url).toBe(`http://127.0.0.1:${port}`);
      const health = await api(service, '/health');
      expect(health.body).toMatchObject({ ok: true, service: 'earshot' });
      expect((await api(service, '/v1/rooms')).body).toEqual({ rooms: [] });
      await service.nextRecord((record) => record.msg === 'request' && record.path === '/v1/rooms');
    } finally {
      await service.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
    expect(await service.exited).toBe(0);
    expect(service.otherOutput()).toBe('');
  });
});
