/**
 * Several rooms service processes (`server/main.ts`, as deployed) over one Postgres, behind a
 * round-robin TCP balancer: one URL for clients and LiveKit's webhooks. Separate processes, so
 * `kill()` is a real SIGKILL: in-flight requests are cut and nothing gets to clean up.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { hasExited, killWithParent, stopChild, waitForExit } from './child-lifecycle.ts';
import { freeTcpPort } from './free-port.ts';
import { repoRoot } from './repo-paths.ts';
import { startTcpBalancer, type TcpBalancerHandle } from './tcp-balancer.ts';

export interface ServiceInstance {
  url: string;
  port: number;
  child: ChildProcess;
  /** SIGKILL, as a crash would; resolves once the process is gone. */
  kill(): Promise<void>;
}

export interface ServiceInstances {
  instances: ServiceInstance[];
  /** The balancer's URL: what clients and LiveKit's webhooks use. */
  url: string;
  balancer: TcpBalancerHandle;
  stop(): Promise<void>;
}

export interface StartServiceInstancesOptions {
  count: number;
  databaseUrl: string;
  livekit: { url: string; apiKey: string; apiSecret: string };
  /** The balancer's port (LiveKit's webhook URL names it before anything starts). A free one when omitted. */
  balancerPort?: number;
}

async function waitUntilHealthy(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(child)) throw new Error(`service instance exited: ${output()}`);
    const healthy = await fetch(`${url}/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`service instance at ${url} not healthy within ${timeoutMs / 1000} s: ${output()}`);
}

export interface StartServiceInstanceOptions
  extends Omit<StartServiceInstancesOptions, 'count' | 'balancerPort'> {
  /** The embedded database's folder (PGLITE_DIR), for a `databaseUrl` of ''. */
  pgliteDir?: string;
  /** How long it may take to answer /health. Default 60 s. */
  readyTimeoutMs?: number;
}

export async function startServiceInstance(options: StartServiceInstanceOptions): Promise<ServiceInstance> {
  const port = await freeTcpPort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'server', 'main.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: options.databaseUrl,
      ...(options.pgliteDir === undefined ? {} : { PGLITE_DIR: options.pgliteDir }),
      LIVEKIT_URL: options.livekit.url,
      LIVEKIT_API_KEY: options.livekit.apiKey,
      LIVEKIT_API_SECRET: options.livekit.apiSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const release = killWithParent(child);
  child.once('exit', release);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  await waitUntilHealthy(url, child, () => output, options.readyTimeoutMs ?? 60_000).catch(
    async (error: unknown) => {
      await stopChild(child);
      throw error;
    },
  );
  return {
    url,
    port,
    child,
    async kill() {
      if (!hasExited(child)) child.kill('SIGKILL');
      await waitForExit(child);
    },
  };
}

export async function startServiceInstances(
  options: StartServiceInstancesOptions,
): Promise<ServiceInstances> {
  const instances: ServiceInstance[] = [];
  try {
    // One at a time: the first applies the migrations (the others would wait on its advisory lock anyway).
    for (let index = 0; index < options.count; index++) instances.push(await startServiceInstance(options));
  } catch (error) {
    await Promise.all(instances.map((instance) => stopChild(instance.child)));
    throw error;
  }
  const balancer = await startTcpBalancer({
    backends: instances.map((instance) => ({ host: '127.0.0.1', port: instance.port })),
    port: options.balancerPort,
  });
  return {
    instances,
    url: `http://127.0.0.1:${balancer.port}`,
    balancer,
    async stop() {
      await balancer.stop();
      await Promise.all(instances.map((instance) => stopChild(instance.child)));
    },
  };
}
