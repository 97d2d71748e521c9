/** Starts a loopback-only LiveKit server on free ports and hands back how to reach and stop it. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { hasExited, spawnLogged, stopChild, waitForExit } from './child-lifecycle.ts';
import { freeTcpPort, freeTcpPorts, freeUdpPort } from './free-port.ts';
import {
  LIVEKIT_DEV_API_KEY,
  LIVEKIT_DEV_API_SECRET,
  type LiveKitPorts,
  renderLiveKitConfig,
} from './livekit-config.ts';
import { installLiveKit } from './livekit-install.ts';
import { scratchDir } from './repo-paths.ts';

export interface StartLiveKitOptions {
  /** Signalling/API port; a free one when omitted. */
  port?: number;
  /** LiveKit POSTs signed room events here (verify them with WebhookReceiver and the dev keys). */
  webhookUrls?: string[];
  /** Where the server's output goes; a file next to the generated config when omitted. */
  logFile?: string;
  /**
   * Also accept ICE over TCP. Off by default: LiveKit v1.13.5 opens that listener on every
   * interface (it has no bind setting), and everything else of this server stays on 127.0.0.1.
   */
  iceTcp?: boolean;
  /** host:port of a Redis shared with other nodes (see livekit-cluster.ts); none for a single node. */
  redisAddress?: string;
  /** Cluster only: how long a node retries relaying a client's signalling to the room's node (LiveKit: 7.5 s). */
  signalRelayTimeoutMs?: number;
  /** Cluster only: the first relay attempt's timeout, doubled at each retry (LiveKit: 500 ms, at most 4 s). */
  signalRelayRetryMs?: number;
  /** How long to wait for the server to answer HTTP. Default 20 s. */
  readyTimeoutMs?: number;
}

export interface LiveKitHandle {
  /** WebSocket URL for clients, ws://127.0.0.1:PORT */
  url: string;
  /** The same server for HTTP APIs, http://127.0.0.1:PORT */
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
  port: number;
  /** The UDP port all media of this instance goes through. */
  udpPort: number;
  logFile: string;
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL), as a crash would: no goodbyes to clients, no webhooks. */
  crash(): Promise<void>;
  /** Resolves when the server process has exited, however it ended (a supervisor's view of it). */
  exited: Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function logTail(logFile: string, lines = 30): Promise<string> {
  try {
    return (await readFile(logFile, 'utf8')).trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log output)';
  }
}

async function answersHttp(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

export async function startLiveKit(options: StartLiveKitOptions = {}): Promise<LiveKitHandle> {
  const binary = await installLiveKit();

  const port = options.port ?? (await freeTcpPort());
  const ports: LiveKitPorts = {
    http: port,
    udp: await freeUdpPort(),
    iceTcp: options.iceTcp ? (await freeTcpPorts(2)).find((candidate) => candidate !== port) : undefined,
  };

  await mkdir(scratchDir, { recursive: true });
  const workDir = await mkdtemp(join(scratchDir, `livekit-${port}-`));
  const configFile = join(workDir, 'livekit.yaml');
  const logFile = options.logFile ?? join(workDir, 'livekit.log');
  await mkdir(dirname(logFile), { recursive: true });
  await writeFile(
    configFile,
    renderLiveKitConfig({
      ports,
      webhookUrls: options.webhookUrls,
      redisAddress: options.redisAddress,
      signalRelayTimeoutMs: options.signalRelayTimeoutMs,
      signalRelayRetryMs: options.signalRelayRetryMs,
    }),
  );

  const server = spawnLogged(binary, ['--config', configFile, '--node-ip', '127.0.0.1'], {
    logFile,
    // The first SIGTERM makes LiveKit wait for participants to leave; a second one forces the stop.
    stop: { followUpSignals: [{ afterMs: 500, signal: 'SIGTERM' }], killAfterMs: 5000 },
    afterStop: () => rm(options.logFile ? configFile : workDir, { recursive: true, force: true }),
  });
  const { child, stop } = server;

  const httpUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  while (!(await answersHttp(httpUrl))) {
    if (server.spawnError || hasExited(child) || Date.now() > deadline) {
      const reason = server.spawnError
        ? `could not be started (${server.spawnError.message})`
        : hasExited(child)
          ? `exited (code ${child.exitCode ?? child.signalCode})`
          : `did not answer on ${httpUrl} within ${options.readyTimeoutMs ?? 20_000} ms`;
      await stopChild(child, { killAfterMs: 1000 });
      server.releaseExitHook();
      throw new Error(
        `LiveKit server ${reason}. Config: ${configFile}\nLog ${logFile}:\n${await logTail(logFile)}`,
      );
    }
    await sleep(100);
  }

  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl,
    apiKey: LIVEKIT_DEV_API_KEY,
    apiSecret: LIVEKIT_DEV_API_SECRET,
    port,
    udpPort: ports.udp,
    logFile,
    stop,
    exited: waitForExit(child),
    async crash() {
      child.kill('SIGKILL');
      await stop();
    },
  };
}
