/**
 * `npm start`: everything a newcomer needs, in one command. Installs LiveKit if needed, builds the
 * extension, starts LiveKit and the rooms service on loopback, starts a demo room with a speaking bot,
 * and opens Chromium with the extension loaded (or says how to load it when there is no display).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startService } from '../server/start-service.ts';
import { findExecutable } from './lib/find-executable.ts';
import { startLiveKit } from './livekit.ts';

const SERVICE_PORT = Number(process.env.PORT ?? 8787);
const LIVEKIT_PORT = Number(process.env.LIVEKIT_PORT ?? 7880);
const EXTENSION_DIR = path.resolve('.output/chrome-mv3');

const say = (line: string) => console.log(`\x1b[35m[earshot]\x1b[0m ${line}`);

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function requirePort(port: number, what: string, variable: string): Promise<void> {
  if (await portFree(port)) return;
  throw new Error(
    `Port ${port} (${what}) is already in use on 127.0.0.1. Stop whatever uses it ` +
      `(e.g. an earlier \`npm start\`: \`lsof -i :${port}\`), or choose another port: ${variable}=<port> npm start`,
  );
}

function startBot(serviceUrl: string): Promise<{ child: ChildProcess; roomId: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/demo-bot.ts', '--service', serviceUrl, '--title', 'Earshot demo room'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the demo bot stopped (exit ${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      const ready = /demo-bot ready room=(\S+)/.exec(chunk.toString());
      if (ready) resolve({ child, roomId: ready[1]! });
    });
  });
}

function openBrowser(serviceUrl: string): ChildProcess | null {
  const chromium = ['chromium', 'chromium-browser', 'google-chrome']
    .map((n) => findExecutable(n))
    .find(Boolean);
  const hasDisplay = Boolean(
    process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.platform === 'darwin',
  );
  if (!chromium || !hasDisplay) {
    say(
      !chromium
        ? 'No Chromium found (Debian: sudo apt-get install chromium).'
        : 'No display found, so no browser window is opened.',
    );
    say('Load the extension yourself: open chrome://extensions, turn on Developer mode,');
    say(`"Load unpacked" and pick ${EXTENSION_DIR}. Then click the Earshot icon and Join the demo room.`);
    return null;
  }
  const profile = mkdtempSync(path.join(tmpdir(), 'earshot-profile-'));
  say(`opening Chromium with the extension (profile ${profile})`);
  return spawn(
    chromium,
    [
      `--user-data-dir=${profile}`,
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-first-run',
      '--autoplay-policy=no-user-gesture-required',
      serviceUrl.endsWith(':8787') ? 'about:blank' : serviceUrl,
    ],
    { stdio: 'ignore' },
  );
}

async function main(): Promise<void> {
  await requirePort(SERVICE_PORT, 'rooms service', 'PORT');
  await requirePort(LIVEKIT_PORT, 'LiveKit', 'LIVEKIT_PORT');

  say('building the extension…');
  if (spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' }).status !== 0 || !existsSync(EXTENSION_DIR)) {
    throw new Error('The extension build failed (see above). Try `npm ci` and run `npm start` again.');
  }

  say('starting LiveKit (installs it with Go the first time; a few minutes)…');
  const livekit = await startLiveKit({
    port: LIVEKIT_PORT,
    webhookUrls: [`http://127.0.0.1:${SERVICE_PORT}/v1/livekit/webhook`],
  });
  say(`LiveKit on ${livekit.url} (dev keys ${livekit.apiKey}/${livekit.apiSecret})`);

  const service = await startService({
    port: SERVICE_PORT,
    livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
  });
  say(`rooms service on ${service.url}`);

  const bot = await startBot(service.url);
  say(`demo room live: "${bot.roomId}" with a speaking bot`);
  const browser = openBrowser(service.url);
  if (SERVICE_PORT !== 8787) {
    say(
      `the extension expects the service on :8787; set it in the extension's storage (serviceUrl) to ${service.url}`,
    );
  }
  say('ready. Click the Earshot icon, then Join "Earshot demo room". Ctrl-C stops everything.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    browser?.kill();
    bot.child.kill('SIGTERM');
    await service.stop();
    await livekit.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  bot.child.once('exit', () => {
    if (!stopping) say('the demo bot stopped; the rest keeps running.');
  });
}

main().catch((error: Error) => {
  console.error(`\n\x1b[31m[earshot] ${error.message}\x1b[0m`);
  process.exit(1);
});
