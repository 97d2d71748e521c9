/**
 * The embedded default's memory: the rooms service on PGlite, started as `npm start` starts it (compiled by
 * scripts/build-service.ts, plain node, SERVICE_MALLOC_ENV), its resident size read from /proc once it has
 * answered and rested. Measured on a new data directory (initdb included) and again after a restart on it.
 * LiveKit is a dead loopback address: nothing here needs it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildService } from '../build-service.ts';
import { startBundledService } from './bundled-service.ts';
import { freeTcpPort } from './free-port.ts';
import { scratchDir } from './repo-paths.ts';

const REST_MS = 4000;

async function residentMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

async function oneStart(bundle: string, dataDir: string): Promise<number> {
  const service = await startBundledService({
    bundle,
    port: await freeTcpPort(),
    env: {
      PGLITE_DIR: dataDir,
      LIVEKIT_URL: `ws://127.0.0.1:${await freeTcpPort()}`,
      LIVEKIT_API_KEY: 'devkey',
      LIVEKIT_API_SECRET: 'secret',
    },
  });
  try {
    await (await fetch(`${service.url}/v1/directory`)).arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, REST_MS));
    return await residentMb(service.child.pid!);
  } finally {
    await service.stop();
  }
}

/** Resident MB at rest: on a new data directory, then restarted on it. */
export async function embeddedMemoryAtRest(): Promise<{ fresh: number; restarted: number }> {
  const parent = await mkdtemp(join(tmpdir(), 'earshot-memory-'));
  // Its own build (inside the repository, where node_modules resolves): an `npm start` may be using the default one.
  const bundle = await buildService(join(scratchDir, `service-memory-${process.pid}`, 'main.js'));
  try {
    const dataDir = join(parent, 'pglite');
    const fresh = await oneStart(bundle, dataDir);
    const restarted = await oneStart(bundle, dataDir);
    return { fresh, restarted };
  } finally {
    await rm(parent, { recursive: true, force: true });
    await rm(join(bundle, '..'), { recursive: true, force: true });
  }
}
