/**
 * The embedded default's memory: `server/main.ts` on PGlite, started as `npm start` starts it (tsx), its
 * resident size read from /proc once it has answered and rested. Measured on a new data directory (initdb
 * included) and again after a restart on it. LiveKit is a dead loopback address: nothing here needs it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild } from './child-lifecycle.ts';
import { freeTcpPort } from './free-port.ts';
import { startServiceInstance } from './service-instances.ts';

const REST_MS = 4000;

async function residentMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

async function oneStart(dataDir: string): Promise<number> {
  const instance = await startServiceInstance({
    databaseUrl: '',
    pgliteDir: dataDir,
    livekit: { url: `ws://127.0.0.1:${await freeTcpPort()}`, apiKey: 'devkey', apiSecret: 'secret' },
    readyTimeoutMs: 120_000,
  });
  try {
    await (await fetch(`${instance.url}/v1/directory`)).arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, REST_MS));
    return await residentMb(instance.child.pid!);
  } finally {
    await stopChild(instance.child);
  }
}

/** Resident MB at rest: on a new data directory, then restarted on it. */
export async function embeddedMemoryAtRest(): Promise<{ fresh: number; restarted: number }> {
  const parent = await mkdtemp(join(tmpdir(), 'earshot-memory-'));
  try {
    const dataDir = join(parent, 'pglite');
    const fresh = await oneStart(dataDir);
    const restarted = await oneStart(dataDir);
    return { fresh, restarted };
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
}
