/**
 * The back end of a load run: a LiveKit server and the rooms service as `startStack` sets them up, but
 * with the service in its own process, so that the CPU and memory read from /proc are the service's
 * alone (not the test runner's, Playwright's or the headless listeners').
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { hasExited, killWithParent, stopChild } from '../../../scripts/lib/child-lifecycle';
import { freeTcpPort } from '../../../scripts/lib/free-port';
import { type LiveKitHandle, startLiveKit } from '../../../scripts/livekit';
import { findProcess } from './load-usage';

export interface LoadStack {
  livekit: LiveKitHandle;
  serviceUrl: string;
  livekitPid: number;
  servicePid: number;
  stop(): Promise<void>;
}

export async function startLoadStack(): Promise<LoadStack> {
  const port = await freeTcpPort();
  const livekit = await startLiveKit({ webhookUrls: [`http://127.0.0.1:${port}/v1/livekit/webhook`] });
  // startLiveKit writes its config to a folder named after the port: that finds its process.
  const livekitPid = findProcess(['livekit-server', `livekit-${livekit.port}-`]);
  if (livekitPid === undefined) {
    await livekit.stop();
    throw new Error(`could not find the LiveKit process on port ${livekit.port}`);
  }
  const child = spawn(
    process.execPath,
    [
      ...['--import', 'tsx', 'tests/e2e/harness/load-service.ts'],
      ...[String(port), livekit.url, livekit.apiKey, livekit.apiSecret],
    ],
    { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  const releaseExitHook = killWithParent(child);
  let output = '';
  child.stderr?.on('data', (chunk) => {
    output = (output + chunk).slice(-4000);
  });
  const stopService = async () => {
    await stopChild(child, { killAfterMs: 5000 });
    releaseExitHook();
  };
  try {
    const serviceUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`rooms service not ready after 60 s:\n${output}`)),
        60_000,
      );
      child.once('exit', (code) => reject(new Error(`rooms service exited (${code}):\n${output}`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const ready = /^load-service ready (\S+)/.exec(line);
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]!);
        }
      });
    });
    return {
      livekit,
      serviceUrl,
      livekitPid,
      servicePid: child.pid!,
      async stop() {
        await stopService();
        await livekit.stop();
      },
    };
  } catch (error) {
    if (!hasExited(child)) await stopService();
    await livekit.stop();
    throw error;
  }
}
