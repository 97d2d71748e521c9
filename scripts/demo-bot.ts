/**
 * A bot that speaks in an Earshot room with real audio (espeak-ng speech, or a melody).
 *
 *   npx tsx scripts/demo-bot.ts [--service http://127.0.0.1:8787] [--title "Earshot demo"]
 *       [--name "Demo bot"] [--speak-ms N --silence-ms M] [--room <id>] [--keep-room] [--no-dtx]
 *
 * Without --room it signs in to the rooms service as the demo account (signing it up the first time;
 * see scripts/lib/demo-account.ts), creates a room and speaks with the host token (and ends the room
 * when it stops, unless --keep-room). With --room it joins that existing room as a
 * speaker, with a token it signs itself from LIVEKIT_API_KEY / LIVEKIT_API_SECRET (dev keys by
 * default). Prints `demo-bot ready room=<id>` once its track is published.
 */
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AudioSource, dispose } from '@livekit/rtc-node';
import { newParticipantIdentity } from '../server/random-id.ts';
import { createTokenIssuer } from '../server/tokens.ts';
import { type AudioCycle, pumpAudio } from './lib/audio-pump.ts';
import { demoSession } from './lib/demo-account.ts';
import { createBotConnection } from './lib/demo-connection.ts';
import { DEMO_SAMPLE_RATE, loadDemoAudio } from './lib/demo-speech.ts';
import { isMainModule } from './lib/is-main-module.ts';
import {
  createRoom,
  endRoom,
  joinRoom,
  requestListenerGrant,
  signOut,
  updateProfile,
} from './lib/rooms-service-client.ts';

export interface DemoBotOptions {
  /** Rooms service URL. Default http://127.0.0.1:8787 */
  serviceUrl?: string;
  /** Join this existing room instead of creating one. */
  roomId?: string;
  /** Title of the room it creates. Default "Earshot demo". */
  title?: string;
  /** Display name. Default "Demo bot". */
  name?: string;
  /** With `silenceMs`: speak this long, then stay silent `silenceMs`, and repeat. Default: speak continuously. */
  speakMs?: number;
  silenceMs?: number;
  /** Opus DTX (default on, as LiveKit's SDKs have it); off: a packet every 20 ms even in pauses. */
  dtx?: boolean;
  /** Keep the room it created when it stops (by default it ends it). */
  keepRoom?: boolean;
  /** For --room: key and secret to sign a speaker token. Default LIVEKIT_API_KEY/SECRET or the dev keys. */
  apiKey?: string;
  apiSecret?: string;
  /** Progress lines; silent by default. */
  log?: (line: string) => void;
}

export interface DemoBot {
  roomId: string;
  identity: string;
  /** What it plays. */
  audio: 'speech' | 'melody';
  /**
   * Resolves when the bot is out of the room for good: stopped, removed, the room ended, or LiveKit
   * unreachable for minutes (it reconnects by itself after a LiveKit restart or a network blip).
   */
  disconnected: Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_SERVICE_URL = 'http://127.0.0.1:8787';
const DEFAULT_SPEAK_MS = 4000;
interface Joining {
  roomId: string;
  url: string;
  token: string;
  identity: string;
  createdRoom: boolean;
  /** The demo account's session, when it created the room. */
  sessionToken?: string;
  /** A fresh self-signed token, when it joined an existing room (--room). */
  renewToken?: () => Promise<string>;
}

async function joinDetails(options: DemoBotOptions, serviceUrl: string, name: string): Promise<Joining> {
  if (options.roomId === undefined) {
    const { token: sessionToken } = await demoSession(serviceUrl, name);
    await updateProfile(serviceUrl, sessionToken, { displayName: name });
    const created = await createRoom(serviceUrl, sessionToken, { title: options.title ?? 'Earshot demo' });
    if (!created.host) throw new Error('The service did not start the room');
    return { roomId: created.room.id, ...created.host, createdRoom: true, sessionToken };
  }
  // Ask for a listener grant only to check that the room is live and to learn LiveKit's URL.
  const { url, room } = await requestListenerGrant(serviceUrl, options.roomId, name);
  const identity = newParticipantIdentity('bot');
  const tokens = createTokenIssuer({
    apiKey: options.apiKey ?? process.env.LIVEKIT_API_KEY ?? 'devkey',
    apiSecret: options.apiSecret ?? process.env.LIVEKIT_API_SECRET ?? 'secret',
  });
  const renewToken = () => tokens.issue({ role: 'host', roomId: room.id, identity, name });
  return { roomId: room.id, url, token: await renewToken(), identity, createdRoom: false, renewToken };
}

function audioCycle(options: DemoBotOptions): AudioCycle | undefined {
  if (!options.silenceMs || options.silenceMs <= 0) return undefined;
  return { speakMs: options.speakMs ?? DEFAULT_SPEAK_MS, silenceMs: options.silenceMs };
}

/** When the bot created the room as the demo account: ends the room (unless kept) and signs out. */
async function leaveService(
  serviceUrl: string,
  joining: Joining,
  keepRoom: boolean,
  log: (line: string) => void,
): Promise<void> {
  const token = joining.sessionToken;
  if (!token) return;
  if (!keepRoom) {
    await endRoom(serviceUrl, token, joining.roomId).catch((error: unknown) =>
      log(`could not end the room: ${error}`),
    );
  }
  await signOut(serviceUrl, token).catch(() => {});
}

export async function runDemoBot(options: DemoBotOptions = {}): Promise<DemoBot> {
  const log = options.log ?? (() => {});
  const serviceUrl = options.serviceUrl ?? DEFAULT_SERVICE_URL;
  const name = options.name ?? 'Demo bot';
  const audio = await loadDemoAudio();
  const joining = await joinDetails(options, serviceUrl, name);
  log(
    `demo-bot room=${joining.roomId} ${joining.createdRoom ? 'created' : 'joining'}; playing ${audio.kind}`,
  );

  const source = new AudioSource(DEMO_SAMPLE_RATE, 1, 100);
  const pumping = new AbortController();
  let pump: Promise<void> = Promise.resolve();
  let finished!: () => void;
  const disconnected = new Promise<void>((resolve) => {
    finished = resolve;
  });
  void disconnected.then(() => pumping.abort());
  const connection = createBotConnection({
    source,
    rejoinGrant: async () =>
      joining.sessionToken
        ? await joinRoom(serviceUrl, joining.sessionToken, joining.roomId)
        : { url: joining.url, token: await joining.renewToken!() },
    onFinished: () => finished(),
    log,
    dtx: options.dtx,
  });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      pumping.abort();
      await Promise.race([pump.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1000))]);
      await connection.close();
      finished();
      await source.close().catch(() => {});
      await leaveService(serviceUrl, joining, options.keepRoom ?? false, log);
      log(`demo-bot room=${joining.roomId} stopped`);
    })();
    return stopping;
  };

  try {
    await connection.connect(joining);
  } catch (error) {
    await stop();
    throw error;
  }

  pump = pumpAudio({
    source,
    samples: audio.samples,
    cycle: audioCycle(options),
    signal: pumping.signal,
    onPhase: (phase) => log(`demo-bot ${phase}`),
  }).catch((error: unknown) => {
    if (!pumping.signal.aborted) log(`demo-bot audio stopped: ${error}`);
  });

  return { roomId: joining.roomId, identity: joining.identity, audio: audio.kind, disconnected, stop };
}

function readMs(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms < 0)
    throw new Error(`${flag} must be a number of milliseconds, got "${value}"`);
  return ms;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      service: { type: 'string' },
      room: { type: 'string' },
      title: { type: 'string' },
      name: { type: 'string' },
      'speak-ms': { type: 'string' },
      'silence-ms': { type: 'string' },
      'keep-room': { type: 'boolean' },
      'no-dtx': { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
    },
  });
  const bot = await runDemoBot({
    serviceUrl: values.service,
    roomId: values.room,
    title: values.title,
    name: values.name,
    speakMs: readMs('--speak-ms', values['speak-ms']),
    silenceMs: readMs('--silence-ms', values['silence-ms']),
    keepRoom: values['keep-room'],
    dtx: !values['no-dtx'],
    log: (line) => {
      if (values.verbose || !/ (speaking|silent)$/.test(line)) console.log(line);
      // Timestamped, for reading a recovery against the test's own clock.
      if (process.env.EARSHOT_BOT_LOG)
        appendFileSync(process.env.EARSHOT_BOT_LOG, `${new Date().toISOString()} ${line}\n`);
    },
  });
  console.log(`demo-bot ready room=${bot.roomId}`);

  let exiting = false;
  const exit = async (reason: string) => {
    if (exiting) return;
    exiting = true;
    console.log(`demo-bot ${reason}`);
    await bot.stop();
    await dispose();
    process.exit(0);
  };
  process.once('SIGINT', () => void exit('interrupted'));
  process.once('SIGTERM', () => void exit('terminated'));
  await bot.disconnected;
  await exit('disconnected from the room');
}

if (isMainModule(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`demo-bot: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
