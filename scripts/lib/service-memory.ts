/**
 * The embedded default's memory: `server/main.ts` on PGlite, started as `npm start` starts it (tsx), its
 * resident size read from /proc once it has answered and rested. Measured on a new data directory (initdb
 * included) and again after a restart on it. LiveKit is a dead loopback address: nothing here needs it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild } from './child-lifecycle.ts';
import { freeTcpPort } from './free-port.ts';
import { repoRoot } from './repo-paths.ts';

const REST_MS = 4000;

async function residentMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

async function oneStart(dataDir: string): Promise<number> {
  const port = await freeTcpPort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'server', 'main.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: '',
      PGLITE_DIR: dataDir,
      LIVEKIT_URL: `ws://127.0.0.1:${await freeTcpPort()}`,
      LIVEKIT_API_KEY: 'devkey',
      LIVEKIT_API_SECRET: 'secret',
    },
    stdio: 'ignore',
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    while (
      !(await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('the service did not start');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await (await fetch(`${url}/v1/directory`)).arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, REST_MS));
    return await residentMb(child.pid!);
  } finally {
    await stopChild(child);
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
