/**
 * A load run, shared by tests/e2e/load.e2e.test.ts and scripts/bench-load.ts: the extension listens in
 * Chromium to a room where the demo bot speaks, then many headless listeners (load-listener-pool.ts)
 * join the same room as real listeners do — an account each, a token from the rooms service's join
 * route, then LiveKit — in a storm, and stay for a window while the extension's audio, the listeners'
 * audio and the servers' CPU and memory are watched.
 */
import { RoomServiceClient } from 'livekit-server-sdk';
import type { Page } from 'playwright-core';
import type { NewSession } from '../../../server/accounts';
import type { RoomGrant } from '../../../server/rooms';
import type { EngineStats } from '../../../utils/protocol/session-state';
import { type ExtensionBrowser, launchExtensionBrowser } from './browser';
import { engineStats, waitForAudio } from './engine-probe';
import type { ExtensionChrome } from './extension-chrome';
import { type ListenerPool, startListenerPool } from './load-listener-pool';
import { type LoadStack, startLoadStack } from './load-stack';
import { sampleUsage, type UsageSummary } from './load-usage';
import { type BotProcess, startBot } from './stack';

declare const chrome: ExtensionChrome;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

// ---------------------------------------------------------------------------------------------------
// The rooms service, as a listener's client calls it

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${new URL(url).pathname}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Signs up `count` distinct accounts (as many people would, each once), a few at a time. */
export async function signUpListeners(serviceUrl: string, count: number, concurrency = 4): Promise<string[]> {
  const run = Math.random().toString(36).slice(2, 8);
  const tokens: string[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const created = await post<NewSession>(`${serviceUrl}/v1/accounts`, {
          username: `load-${run}-${i}`,
          password: `listener-${run}-${i}`,
          displayName: `Listener ${i + 1}`,
        });
        tokens[i] = created.session.token;
      }
    }),
  );
  return tokens;
}

export interface StormJoin {
  index: number;
  /** The join route answered (HTTP 200 with a token). */
  joined: boolean;
  /** Connected to LiveKit and subscribed to the room's audio. */
  connected: boolean;
  /** The join route's latency as the client saw it. */
  joinMs?: number;
  connectMs?: number;
  subscribedMs?: number;
  role?: string;
  error?: string;
}

export interface StormReport {
  joins: StormJoin[];
  /** From the first join request to the last listener subscribed (or failed). */
  durationMs: number;
  /** From the first join request to the last join route answer. */
  joinPhaseMs: number;
  usage: Record<string, UsageSummary>;
}

/**
 * `sessions.length` signed-in listeners join `roomId` through the service's join route (the extension's
 * path), evenly spread over `spreadMs`, each connecting to LiveKit with its grant as soon as it has it.
 */
export async function joinStorm(options: {
  serviceUrl: string;
  roomId: string;
  sessions: string[];
  spreadMs: number;
  pool: ListenerPool;
  usagePids: Record<string, number[]>;
}): Promise<StormReport> {
  const { serviceUrl, roomId, sessions, spreadMs, pool } = options;
  const usage = sampleUsage(options.usagePids);
  const start = performance.now();
  let lastJoinAnswer = start;
  const joins = await Promise.all(
    sessions.map(async (session, index): Promise<StormJoin> => {
      await sleep(start + (index * spreadMs) / sessions.length - performance.now());
      const asked = performance.now();
      let grant: RoomGrant;
      try {
        grant = await post<RoomGrant>(
          `${serviceUrl}/v1/rooms/${roomId}/join`,
          { name: `Listener ${index + 1}` },
          session,
        );
      } catch (error) {
        return { index, joined: false, connected: false, error: String(error) };
      } finally {
        lastJoinAnswer = Math.max(lastJoinAnswer, performance.now());
      }
      const joinMs = performance.now() - asked;
      const connected = await pool.connect(index, grant.url, grant.token);
      return {
        index,
        joined: true,
        connected: connected.ok,
        joinMs,
        connectMs: connected.connectMs,
        subscribedMs: connected.subscribedMs,
        role: grant.role,
        error: connected.error,
      };
    }),
  );
  return {
    joins,
    durationMs: performance.now() - start,
    joinPhaseMs: lastJoinAnswer - start,
    usage: usage.stop(),
  };
}

export interface Presence {
  /** Participants LiveKit lists in the room. */
  livekitParticipants: number;
  /** The service's directory (GET /v1/rooms) for the room. */
  directory?: { listenerCount: number; speakerCount: number };
}

export async function roomPresence(stack: LoadStack, roomId: string): Promise<Presence> {
  const client = new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret);
  const participants = await client.listParticipants(roomId);
  const { rooms } = (await (await fetch(`${stack.serviceUrl}/v1/rooms`)).json()) as {
    rooms: Array<{ id: string; listenerCount: number; speakerCount: number }>;
  };
  const room = rooms.find((r) => r.id === roomId);
  return {
    livekitParticipants: participants.length,
    directory: room && { listenerCount: room.listenerCount, speakerCount: room.speakerCount },
  };
}

/** Polls until `accept` holds (or the time is up) and returns the last reading. */
export async function pollPresence(
  stack: LoadStack,
  roomId: string,
  accept: (presence: Presence) => boolean,
  timeoutMs: number,
): Promise<Presence> {
  const deadline = Date.now() + timeoutMs;
  let presence = await roomPresence(stack, roomId);
  while (!accept(presence) && Date.now() < deadline) {
    await sleep(500);
    presence = await roomPresence(stack, roomId);
  }
  return presence;
}

// ---------------------------------------------------------------------------------------------------
// The extension, listening

export interface AudioSample extends EngineStats {
  /** ms since the window started */
  at: number;
}

export interface AudioSlice {
  fromMs: number;
  toMs: number;
  bytes: number;
  packets: number;
  /** The loudest decoded level read in the slice (0..1). */
  maxLevel: number;
}

export interface WindowReport {
  windowMs: number;
  samples: AudioSample[];
  slices: AudioSlice[];
  /** The extension's inbound audio over the whole window. */
  bytesPerSecond: number;
  packetsPerSecond: number;
  /** The longest time between two readings of the extension's stats with no new audio bytes. */
  longestStallMs: number;
  /** Headless listeners whose stats could be read at both ends of the window. */
  listenersRead: number;
  /** Of those, the ones whose inbound audio grew during the window, and their median rate. */
  listenersReceiving: number;
  listenerBytesPerSecondMedian: number;
  listenersConnected: number;
  usage: Record<string, UsageSummary>;
}

/**
 * Watches for `windowMs`: the extension's engine stats every `sampleMs`, grouped in slices of
 * `sliceMs`; the headless listeners' inbound audio at both ends; the processes' CPU and memory.
 */
export async function watchWindow(options: {
  browser: ExtensionBrowser;
  pool: ListenerPool;
  windowMs: number;
  usagePids: Record<string, number[]>;
  sampleMs?: number;
  sliceMs?: number;
}): Promise<WindowReport> {
  const { browser, pool, windowMs, sampleMs = 500, sliceMs = 5000 } = options;
  // Each listener's reading carries its own time, so reading them alongside the window costs no accuracy.
  const readingBefore = pool.traffic();
  const usage = sampleUsage(options.usagePids);
  const start = performance.now();
  const samples: AudioSample[] = [];
  while (performance.now() - start < windowMs) {
    const at = performance.now() - start;
    const stats = await engineStats(browser);
    if (!stats) throw new Error(`the extension's engine left the room ${Math.round(at)} ms into the window`);
    samples.push({ ...stats, at });
    await sleep(start + samples.length * sampleMs - performance.now());
  }
  const elapsedMs = performance.now() - start;
  const usageSummary = usage.stop();
  const before = await readingBefore;
  const after = await pool.traffic();

  const slices: AudioSlice[] = [];
  for (let from = 0; from + sliceMs <= windowMs + 1; from += sliceMs) {
    const inSlice = samples.filter((s) => s.at >= from && s.at < from + sliceMs);
    const previous = samples.filter((s) => s.at < from).at(-1) ?? inSlice[0];
    const last = inSlice.at(-1);
    if (!previous || !last) continue;
    slices.push({
      fromMs: from,
      toMs: from + sliceMs,
      bytes: last.bytesReceived - previous.bytesReceived,
      packets: last.packetsReceived - previous.packetsReceived,
      maxLevel: Math.max(...inSlice.map((s) => s.audioLevel)),
    });
  }
  let longestStallMs = 0;
  let lastGrowth = samples[0]!;
  for (const sample of samples.slice(1)) {
    if (sample.bytesReceived > lastGrowth.bytesReceived) lastGrowth = sample;
    else longestStallMs = Math.max(longestStallMs, sample.at - lastGrowth.at);
  }
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const seconds = (last.at - first.at) / 1000;
  const beforeByIndex = new Map(before.map((t) => [t.index, t]));
  const read = after.filter((t) => t.read && beforeByIndex.get(t.index)?.read);
  const listenerRates = read.map((t) => {
    const then = beforeByIndex.get(t.index)!;
    return t.at > then.at ? ((t.bytesReceived - then.bytesReceived) * 1000) / (t.at - then.at) : 0;
  });
  return {
    windowMs: elapsedMs,
    samples,
    slices,
    bytesPerSecond: (last.bytesReceived - first.bytesReceived) / seconds,
    packetsPerSecond: (last.packetsReceived - first.packetsReceived) / seconds,
    longestStallMs,
    listenersRead: read.length,
    listenersReceiving: listenerRates.filter((rate) => rate > 0).length,
    listenerBytesPerSecondMedian: percentile(listenerRates, 50),
    listenersConnected: after.filter((t) => t.connected).length,
    usage: usageSummary,
  };
}

// ---------------------------------------------------------------------------------------------------
// The whole run

export const LOAD_ROOM_TITLE = 'Load room';

export interface LoadRun {
  stack: LoadStack;
  bot: BotProcess;
  browser: ExtensionBrowser;
  /** The popup, open on the room the extension plays. */
  popup: Page;
  pool: ListenerPool;
  /** The processes measured: LiveKit, the rooms service, the headless listeners' process. */
  usagePids: Record<string, number[]>;
  /** How long the extension took from the click on Join to audible audio. */
  extensionJoinMs: number;
  stop(): Promise<void>;
}

/**
 * Starts LiveKit, the service (its own process), a continuously speaking bot, Chromium with the
 * extension joined to the bot's room from the popup (audio checked), and the headless listeners' process.
 */
export async function startLoadRun(): Promise<LoadRun> {
  const cleanup: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  };
  try {
    const stack = await startLoadStack();
    cleanup.push(() => stack.stop());
    const bot = await startBot(stack.serviceUrl, ['--title', LOAD_ROOM_TITLE, '--name', 'Load bot']);
    cleanup.push(() => bot.stop());
    const browser = await launchExtensionBrowser();
    cleanup.push(() => browser.close());
    await browser.inWorker((url) => chrome.storage.local.set({ serviceUrl: url }), stack.serviceUrl);
    const popup = await browser.openPage('popup.html');
    const row = popup.locator(`[data-room-id="${bot.roomId}"]`);
    await row.waitFor({ timeout: 20_000 });
    const clicked = Date.now();
    await row.getByRole('button', { name: `Join ${LOAD_ROOM_TITLE}` }).click();
    await waitForAudio(browser, { timeoutMs: 20_000 });
    const extensionJoinMs = Date.now() - clicked;
    const pool = await startListenerPool();
    cleanup.push(() => pool.stop());
    return {
      stack,
      bot,
      browser,
      popup,
      pool,
      usagePids: {
        livekit: [stack.livekitPid],
        service: [stack.servicePid],
        listeners: pool.pids,
      },
      extensionJoinMs,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
