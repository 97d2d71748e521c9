/** The real back end for end-to-end tests: a LiveKit server, the rooms service and a speaking demo bot, all on loopback. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { freeTcpPort } from '../../../scripts/lib/free-port';
import { type LiveKitHandle, startLiveKit } from '../../../scripts/livekit';
import { startService } from '../../../server/start-service';
import { markHandlesVerified } from '../../server/support/verified-handles';

export interface Stack {
  /** The LiveKit server now running (a new handle after `restartLiveKit`). */
  livekit: LiveKitHandle;
  serviceUrl: string;
  /**
   * Stops LiveKit (as a restart would: SIGTERM, then forced; or killed outright with `crash`) and starts
   * it again on the same port. Resolves with how long it was down.
   */
  restartLiveKit(options?: { crash?: boolean }): Promise<{ downMs: number }>;
  /**
   * Stops the rooms service and starts it again on the same port and database. `whileDown` (optional) runs
   * between the two, so a test can look at clients while the service is gone.
   */
  restartService(whileDown?: () => Promise<void>): Promise<{ downMs: number }>;
  /**
   * Marks an account's claimed handles verified, as a passed proof would (only verified handles make Live
   * chips; tests/server/handles-*.test.ts check the proofs themselves).
   */
  verifyHandles(accountId: string, handles: Array<{ site: string; handle: string }>): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Keep the service's data in PGlite at this folder (needed for `restartService` to keep anything). */
  dataDir?: string;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  // The service's port is chosen first so LiveKit can send it its webhooks (room and participant counts).
  const port = await freeTcpPort();
  const webhookUrls = [`http://127.0.0.1:${port}/v1/livekit/webhook`];
  let livekit = await startLiveKit({ webhookUrls });
  const serviceOptions = () => ({
    port,
    livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
    database: options.dataDir ? { driver: 'pglite' as const, dataDir: options.dataDir } : undefined,
  });
  let service = await startService(serviceOptions()).catch(async (error: unknown) => {
    await livekit.stop();
    throw error;
  });
  const stack: Stack = {
    livekit,
    serviceUrl: service.url,
    async restartLiveKit({ crash = false } = {}) {
      const down = Date.now();
      await (crash ? livekit.crash() : livekit.stop());
      livekit = await startLiveKit({ port: livekit.port, webhookUrls });
      stack.livekit = livekit;
      return { downMs: Date.now() - down };
    },
    async restartService(whileDown) {
      const down = Date.now();
      await service.stop();
      await whileDown?.();
      service = await startService(serviceOptions());
      return { downMs: Date.now() - down };
    },
    verifyHandles: (accountId, handles) => markHandlesVerified(service, accountId, handles),
    async stop() {
      await service.stop();
      await livekit.stop();
    },
  };
  return stack;
}

export type BotPhase = 'speaking' | 'silent';

export interface BotProcess {
  roomId: string;
  child: ChildProcess;
  /** The bot's phase changes so far, with when they were announced. */
  phases: Array<{ phase: BotPhase; at: number }>;
  /** Resolves at the bot's next announcement of `phase`. */
  nextPhase(phase: BotPhase, timeoutMs: number): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `scripts/demo-bot.ts` in its own process and resolves once its audio track is published. */
export function startBot(serviceUrl: string, args: string[] = []): Promise<BotProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/demo-bot.ts', '--service', serviceUrl, '--verbose', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const phases: BotProcess['phases'] = [];
  const waiters: Array<{ phase: BotPhase; resolve: (at: number) => void }> = [];
  const nextPhase = (phase: BotPhase, timeoutMs: number) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the bot was not ${phase} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      waiters.push({
        phase,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      });
    });
  child.stderr?.on('data', (chunk) => {
    output = (output + chunk).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => resolve(clearTimeout(timer)));
    });
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`demo bot not ready after 60 s:\n${output}`));
    }, 60_000);
    child.once('exit', (code) =>
      reject(new Error(`demo bot exited (${code}) before it was ready:\n${output}`)),
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output = `${output}${line}\n`.slice(-4000);
      const phase = /^demo-bot (speaking|silent)$/.exec(line)?.[1] as BotPhase | undefined;
      if (phase) {
        const at = Date.now();
        phases.push({ phase, at });
        for (const waiter of waiters.filter((w) => w.phase === phase)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(at);
        }
      }
      const ready = /demo-bot ready room=(\S+)/.exec(line);
      if (ready) {
        clearTimeout(timer);
        resolve({ roomId: ready[1]!, child, phases, nextPhase, stop });
      }
    });
  });
}
