/**
 * `npm start`: everything a newcomer needs, in one command. Checks what can fail first (Node, ports, the
 * data folder, the LiveKit server binary, installing it with Go the first time), then builds the extension,
 * starts LiveKit and the rooms service on loopback, starts a demo room with a speaking bot, and opens
 * Chromium with the extension loaded (or says how to load it when no window can open). Ctrl-C stops it all.
 *
 * Settings (environment): PORT (rooms service, 8787), LIVEKIT_PORT (7880), PGLITE_DIR (.data/pglite) or
 * DATABASE_URL (a real Postgres), CHROME_PATH (the Chromium to open), EARSHOT_TOOLS_DIR (where the LiveKit
 * binary lives, .tools/bin). EARSHOT_SKIP_BUILD=1 uses the existing .output/chrome-mv3 (tests).
 *
 * Only node: modules and the checks are imported up front, so the checks answer within a second and a
 * too-old Node gets a message rather than a syntax error from a dependency.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { hasExited } from './lib/child-lifecycle.ts';
import { openWhenExtensionReady, PIPE_STDIO } from './lib/chromium-pipe.ts';
import type { LiveKitHandle } from './lib/livekit-server.ts';
import { repoRoot } from './lib/repo-paths.ts';
import {
  type BrowserChoice,
  checkNodeVersion,
  checkPortsFree,
  findBrowser,
  hasDisplay,
  lockDataDir,
  readPortVariable,
  StartProblem,
  unpackedExtensionId,
} from './lib/start-checks.ts';

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const say = (line: string) => console.log(`${paint('35', '[earshot]')} ${line}`);
/** A path as the user would type it: relative when inside the current folder. */
const shown = (path: string) => {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
};

const EXTENSION_DIR = join(repoRoot, '.output', 'chrome-mv3');
const DEFAULT_SERVICE_PORT = 8787;
const DEFAULT_LIVEKIT_PORT = 7880;
const DEMO_ROOM_TITLE = 'Earshot demo room';

/** Everything started so far, stopped in reverse order by Ctrl-C or a failure. */
const running: { name: string; stop: () => Promise<void> }[] = [];
/** Drops a finished step's entry, by identity: steps run side by side (the extension build and initdb). */
const forget = (entry: (typeof running)[number]) => {
  if (running.includes(entry)) running.splice(running.indexOf(entry), 1);
};
let ready = false;
let stopping = false;

function tail(text: string, lines: number): string {
  // Drop terminal control sequences (WXT's spinner) so the lines read as text.
  const plain = stripVTControlCharacters(text).replace(/\r/g, '\n');
  return plain
    .split('\n')
    .filter((line) => line.trim())
    .slice(-lines)
    .join('\n');
}

/** Runs `work` under a name, so an unexpected failure says which step failed. */
async function step<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StartProblem || stopping) throw error;
    throw new StartProblem(`Could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function buildExtension(serviceUrl: string): Promise<void> {
  const wxt = join(repoRoot, 'node_modules', '.bin', 'wxt');
  if (!existsSync(wxt)) {
    throw new StartProblem(
      'The dependencies are not installed (no node_modules/.bin/wxt). Run `npm ci`, then `npm start`.',
    );
  }
  const startedAt = Date.now();
  say('building the extension and the web player (about a minute)…');
  // The extension calls the rooms service at the URL baked in here (utils/protocol/default-service-url.ts), so
  // other ports need no setting.
  await runBuild('wxt build', wxt, ['build'], { WXT_SERVICE_URL: serviceUrl }, () =>
    existsSync(join(EXTENSION_DIR, 'manifest.json')),
  );
  // The player behind share links (/r/<id>), for listeners without the extension.
  await runBuild('npm run build:web', 'npm', ['run', 'build:web'], {}, () =>
    existsSync(join(repoRoot, '.output', 'web-player', 'player.js')),
  );
  say(`built ${shown(EXTENSION_DIR)} and the web player in ${Math.round((Date.now() - startedAt) / 1000)} s`);
}

/** Runs one build command; a failure rejects with its last lines (without tool stack frames) and what to do. */
function runBuild(
  label: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  built: () => boolean,
): Promise<void> {
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const entry = { name: 'build', stop: async () => void child.kill('SIGTERM') };
  running.push(entry);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      forget(entry);
      if (stopping) return;
      if (code === 0 && built()) {
        resolve();
        return;
      }
      reject(new StartProblem(buildFailure(label, code ?? signal, output)));
    });
  });
}

function buildFailure(label: string, exit: number | string | null, output: string): string {
  return [
    `The extension build failed (${label}, exit ${exit}). Its last lines:`,
    // Without the stack frames of the tools, which only bury the error.
    ...tail(
      output
        .split('\n')
        .filter((line) => !/^\s+at /.test(line))
        .join('\n'),
      20,
    )
      .split('\n')
      .map((line) => `  | ${line}`),
    'On a fresh clone this means the dependencies are incomplete: run `npm ci`, then `npm start` again.',
    'If you changed files, fix the error above (`npx wxt build` shows it in full).',
  ].join('\n');
}

/**
 * The rooms service in its own process, compiled to JavaScript first (well under a second) and run by plain
 * node: ~150 MB resident at rest on PGlite where running it from source in this process (tsx) took ~300 MB
 * (BENCHMARKS.md, "Embedded database memory").
 */
async function startServiceProcess(
  port: number,
  livekit: LiveKitHandle,
  database: Record<string, string>,
): Promise<{ url: string }> {
  const { buildService } = await import('./build-service.ts');
  const { startBundledService } = await import('./lib/bundled-service.ts');
  const service = await startBundledService({
    bundle: await buildService(),
    port,
    env: {
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
      // Ctrl-C: the demo bot has ended its room by then; nothing needs a long drain.
      SHUTDOWN_GRACE_MS: '1000',
      ...database,
    },
  });
  running.push({ name: 'rooms service', stop: () => service.stop() });
  void service.exited.then((code) => {
    if (stopping) return;
    say(`the rooms service stopped (exit ${code}); its last lines:\n${tail(service.output(), 15)}`);
    void stopAll(1);
  });
  return service;
}

interface Bot {
  child: ChildProcess;
  roomId: string;
}

async function startBot(serviceUrl: string): Promise<Bot> {
  const { killWithParent, stopChild } = await import('./lib/child-lifecycle.ts');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoRoot, 'scripts', 'demo-bot.ts'),
      '--service',
      serviceUrl,
      '--title',
      DEMO_ROOM_TITLE,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const release = killWithParent(child);
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4000);
  });
  running.push({
    name: 'demo bot',
    // SIGTERM: the bot ends its room through the service (still running) before it exits.
    stop: async () => {
      await stopChild(child, { killAfterMs: 5000 });
      release();
    },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new StartProblem(`The demo bot did not start within 60 s.\n${tail(errors, 15)}`)),
      60_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!stopping && !ready)
        reject(
          new StartProblem(
            `The demo bot stopped before its room was live (exit ${code}):\n${tail(errors, 15)}`,
          ),
        );
      else if (!stopping) say('the demo bot stopped; the rest keeps running (Ctrl-C stops everything).');
    });
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /demo-bot ready room=(\S+)/.exec(seen);
      if (match && !hasExited(child)) {
        clearTimeout(timer);
        resolve({ child, roomId: match[1]! });
      }
    });
  });
}

const loadByHand = (browserNote: string) => [
  browserNote,
  'Load the extension by hand, in Chromium or Chrome on this machine (the services listen on 127.0.0.1 only):',
  '  1. open chrome://extensions and turn on "Developer mode" (top right);',
  `  2. click "Load unpacked" and choose ${EXTENSION_DIR}`,
  `  3. click the Earshot icon (in the puzzle-piece menu; pin it) and press Join on "${DEMO_ROOM_TITLE}".`,
];

/** Why no window with the extension will open, or undefined when Chromium can be opened. */
function browserProblem(choice: BrowserChoice, display: boolean): string | undefined {
  if (!display) return 'No display (DISPLAY and WAYLAND_DISPLAY are unset), so no browser window is opened.';
  if (choice.kind === 'chrome-only')
    return `Only Google Chrome was found (${choice.path}); it no longer loads extensions from the command line.`;
  if (choice.kind === 'none')
    return 'No Chromium found (Debian/Ubuntu: sudo apt-get install chromium; or set CHROME_PATH=<chromium binary>).';
  return undefined;
}

/** Opens Chromium with the extension, the demo room's page, then the popup in a tab; or says how to load it by hand. */
function openBrowser(choice: BrowserChoice, display: boolean, roomPage: string): void {
  const problem = browserProblem(choice, display);
  if (problem || choice.kind !== 'chromium') {
    for (const line of loadByHand(problem ?? '')) say(line);
    return;
  }
  const profile = join(repoRoot, '.data', 'chromium-profile');
  mkdirSync(profile, { recursive: true });
  const extensionId = unpackedExtensionId(EXTENSION_DIR);
  // Its own process group, so stopping it stops the browser behind Debian's wrapper script too.
  const child = spawn(
    choice.path,
    [
      `--user-data-dir=${profile}`,
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--autoplay-policy=no-user-gesture-required',
      '--remote-debugging-pipe',
      // Chromium refuses to run as root (containers) with its sandbox on.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      roomPage,
    ],
    { stdio: [...PIPE_STDIO], detached: true },
  );
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4000);
  });
  const openedAt = Date.now();
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  child.once('error', (error) => {
    for (const line of loadByHand(`Chromium could not be started (${choice.path}: ${error.message}).`))
      say(line);
  });
  child.once('exit', (code) => {
    if (stopping) return;
    if (Date.now() - openedAt < 10_000) {
      const why =
        code === 0
          ? `Chromium handed over to a window already open with this profile (${shown(profile)}): use that window, or close it and run \`npm start\` again.`
          : `Chromium could not open a window (exit ${code}): ${tail(errors, 3) || 'no output'}`;
      for (const line of loadByHand(why)) say(line);
    } else {
      say('Chromium was closed; the services keep running (Ctrl-C stops them).');
    }
  });
  running.push({
    name: 'Chromium',
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  });
  say(`opening Chromium with Earshot loaded (profile ${shown(profile)})…`);
  void openWhenExtensionReady(child, extensionId, `chrome-extension://${extensionId}/popup.html`).then(
    (opened) => {
      if (stopping || hasExited(child)) return;
      say(
        opened
          ? `Chromium shows the Earshot popup in a tab: press Join on "${DEMO_ROOM_TITLE}" and listen.`
          : `Chromium is open: click the Earshot icon (toolbar, puzzle-piece menu) and press Join on "${DEMO_ROOM_TITLE}".`,
      );
      if (opened)
        say('Later, the Earshot icon in the toolbar (puzzle-piece menu; pin it) opens the same popup.');
    },
  );
}

/**
 * PGlite's initdb in a short-lived child process: its WebAssembly memory (~400 MB touched) would otherwise
 * stay resident in this script for as long as everything runs.
 */
async function initdbInChild(folder: string): Promise<void> {
  const { initdbCommand } = await import('../server/db/pglite-database.ts');
  const { command, args, cwd } = initdbCommand(folder);
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4000);
  });
  const entry = { name: 'initdb', stop: async () => void child.kill('SIGKILL') };
  running.push(entry);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  forget(entry);
  if (code !== 0 && !stopping) throw new Error(`initdb exited with ${code}: ${tail(errors, 10)}`);
}

/**
 * Creates the PGlite database the first time, in a side folder renamed into place once complete: a Ctrl-C
 * during the creation (it takes a while) must not leave a half-made database behind.
 */
async function createDatabase(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new StartProblem(
      [
        `The data folder ${dataDir} is not a database (it has no PG_VERSION): an interrupted first start, or another folder.`,
        `If it holds nothing you need, remove it (rm -rf ${dataDir}) and run \`npm start\` again; or choose another: PGLITE_DIR=<folder> npm start`,
      ].join('\n'),
    );
  }
  const creating = `${dataDir}.creating`;
  rmSync(creating, { recursive: true, force: true });
  mkdirSync(creating, { recursive: true });
  running.push({
    name: 'database creation',
    stop: async () => rmSync(creating, { recursive: true, force: true }),
  });
  say(`creating the database in ${shown(dataDir)} (once: up to a minute)…`);
  const startedAt = Date.now();
  await initdbInChild(creating);
  if (stopping) return;
  rmSync(dataDir, { recursive: true, force: true }); // an empty folder, if any
  renameSync(creating, dataDir);
  say(`created the database in ${Math.round((Date.now() - startedAt) / 1000)} s`);
}

async function stopAll(exitCode: number): Promise<never> {
  stopping = true;
  say('stopping…');
  const force = setTimeout(() => {
    say('still stopping after 15 s; forcing it.');
    process.exit(exitCode || 1);
  }, 15_000);
  force.unref();
  for (const { name, stop } of running.reverse()) {
    await stop().catch((error: unknown) =>
      say(`could not stop ${name}: ${error instanceof Error ? error.message : error}`),
    );
  }
  clearTimeout(force);
  say('stopped.');
  process.exit(exitCode);
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  checkNodeVersion();
  const servicePort = readPortVariable('PORT', process.env.PORT, DEFAULT_SERVICE_PORT);
  const livekitPort = readPortVariable('LIVEKIT_PORT', process.env.LIVEKIT_PORT, DEFAULT_LIVEKIT_PORT);
  await checkPortsFree([
    { port: servicePort, what: 'the rooms service', variable: 'PORT' },
    { port: livekitPort, what: 'LiveKit', variable: 'LIVEKIT_PORT' },
  ]);

  const postgresUrl = process.env.DATABASE_URL;
  const dataDir = process.env.PGLITE_DIR || join(repoRoot, '.data', 'pglite');
  if (!postgresUrl) {
    const unlock = lockDataDir(dataDir);
    running.push({ name: 'data lock', stop: async () => unlock() });
  }

  const browser = findBrowser();
  const display = hasDisplay();
  const problem = browserProblem(browser, display);
  if (problem) say(`${problem} How to load the extension by hand follows once everything runs.`);

  // Before the build: a missing LiveKit (and Go) is reported at once, and its first build is the slow step.
  const { installLiveKit } = await import('./lib/livekit-install.ts');
  await installLiveKit().catch((error: unknown) => {
    // Its messages already say what is missing and what to do.
    throw new StartProblem(error instanceof Error ? error.message : String(error));
  });

  // The first time, the database is created while the extension builds (each keeps a core busy).
  const database = postgresUrl
    ? Promise.resolve()
    : step(`create the database in ${dataDir}`, () => createDatabase(dataDir));
  database.catch(() => {}); // awaited below; a failing build must not leave it unhandled

  const serviceUrl = `http://127.0.0.1:${servicePort}`;
  if (process.env.EARSHOT_SKIP_BUILD === '1') say(`using the existing build in ${shown(EXTENSION_DIR)}`);
  else await buildExtension(serviceUrl);
  await database;

  say(`starting LiveKit on 127.0.0.1:${livekitPort}…`);
  const { startLiveKit } = await import('./lib/livekit-server.ts');
  const livekit: LiveKitHandle = await step('start the LiveKit server', () =>
    startLiveKit({ port: livekitPort, webhookUrls: [`${serviceUrl}/v1/livekit/webhook`] }),
  );
  running.push({ name: 'LiveKit', stop: () => livekit.stop() });

  say(`starting the rooms service on ${serviceUrl}…`);
  const service = await step('start the rooms service', () =>
    startServiceProcess(
      servicePort,
      livekit,
      postgresUrl ? { DATABASE_URL: postgresUrl } : { PGLITE_DIR: dataDir },
    ),
  );

  say('starting the demo room and its bot…');
  const bot = await startBot(service.url);
  ready = true;

  const storage = postgresUrl ? 'Postgres (DATABASE_URL)' : shown(dataDir);
  say(`ready in ${Math.round((Date.now() - startedAt) / 1000)} s:`);
  say(`  rooms service  ${service.url}  (data: ${storage})`);
  say(
    `  LiveKit        ${livekit.url}  (keys ${livekit.apiKey} / ${livekit.apiSecret}; media on UDP 127.0.0.1:${livekit.udpPort})`,
  );
  say(`  demo room      "${DEMO_ROOM_TITLE}" with a speaking bot: ${service.url}/r/${bot.roomId}`);
  say(`  extension      ${shown(EXTENSION_DIR)}  (calls the rooms service at ${serviceUrl})`);
  openBrowser(browser, display, `${service.url}/r/${bot.roomId}`);
  say('Ctrl-C stops everything.');
}

let interruptedAt: number | undefined;
const onSignal = () => {
  if (interruptedAt !== undefined) {
    // A second Ctrl-C stops waiting (the exit hooks still kill LiveKit and the bot). One arriving at once is
    // the same Ctrl-C relayed by a parent (npm, tsx, timeout), not the user's.
    if (Date.now() - interruptedAt > 1000) process.exit(130);
    return;
  }
  interruptedAt = Date.now();
  void stopAll(ready ? 0 : 130);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

main().catch(async (error: unknown) => {
  if (stopping) return;
  const message =
    error instanceof StartProblem
      ? error.message
      : `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
  console.error(`\n${paint('31', `[earshot] ${message}`)}\n`);
  if (process.env.EARSHOT_DEBUG && error instanceof Error) console.error(error.stack);
  stopping = true;
  for (const { stop } of running.reverse()) await stop().catch(() => {});
  process.exit(1);
});
