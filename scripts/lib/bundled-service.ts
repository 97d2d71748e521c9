/**
 * The rooms service as `npm start` runs it: the compiled bundle (scripts/build-service.ts) under plain
 * `node`, with the malloc settings that keep it small (SERVICE_MALLOC_ENV), in its own process. Ready once
 * `GET /health` answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { hasExited, killWithParent, stopChild } from './child-lifecycle.ts';
import { repoRoot } from './repo-paths.ts';
import { serviceEnvironment } from './service-process.ts';

export interface BundledServiceOptions {
  /** The built file (buildService()). */
  bundle: string;
  port: number;
  /** LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET, and PGLITE_DIR or DATABASE_URL. */
  env: Record<string, string>;
  /** How long it may take to answer /health (a first start runs initdb). Default 120 s. */
  readyTimeoutMs?: number;
}

export interface BundledService {
  child: ChildProcess;
  url: string;
  /** The last lines it wrote (stdout and stderr). */
  output(): string;
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** SIGTERM (graceful: SHUTDOWN_GRACE_MS), SIGKILL after `killAfterMs`. */
  stop(killAfterMs?: number): Promise<void>;
}

const OUTPUT_KEPT = 8000;

async function waitUntilHealthy(service: BundledService, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(service.child)) {
      throw new Error(
        `the rooms service exited (${service.child.exitCode ?? service.child.signalCode}):\n${service.output()}`,
      );
    }
    const healthy = await fetch(`${service.url}/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the rooms service did not answer within ${timeoutMs / 1000} s:\n${service.output()}`);
}

export async function startBundledService(options: BundledServiceOptions): Promise<BundledService> {
  const child = spawn(process.execPath, ['--enable-source-maps', options.bundle], {
    cwd: repoRoot,
    env: serviceEnvironment({ HOST: '127.0.0.1', PORT: String(options.port), ...options.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C in the terminal reaches the script that started it, which stops it
    // last (the demo bot ends its room through it first).
    detached: true,
  });
  const release = killWithParent(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      release();
      resolve(code);
    }),
  );
  const service: BundledService = {
    child,
    url: `http://127.0.0.1:${options.port}`,
    output: () => output,
    exited,
    stop: (killAfterMs = 10_000) => stopChild(child, { killAfterMs }),
  };
  try {
    await waitUntilHealthy(service, options.readyTimeoutMs ?? 120_000);
  } catch (error) {
    await service.stop(1000);
    throw error;
  }
  return service;
}
