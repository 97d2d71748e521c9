/**
 * The scale-out topology, for real: a LiveKit cluster (two nodes on one Redis, a TCP balancer in front), two
 * rooms service processes over one Postgres (a balancer in front), the demo bot hosting, the extension in
 * Chromium and headless Go listeners in one room, listeners signalled through both nodes. Then the node
 * holding the room and one service instance are killed at once (SIGKILL), and the room goes on: the bot
 * brings the room back on the surviving node, and every listener hears it again by itself (Go listeners
 * LiveKit drops ask the service for a new token, as a client would; two of them also rejoin after 1.5 s
 * without audio, which is what gets a listener signalled through the surviving node back quickly). The
 * times until audio is heard again go to the recovery table.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freeTcpPort } from '../../scripts/lib/free-port';
import { type LiveKitClusterHandle, startLiveKitCluster } from '../../scripts/lib/livekit-cluster';
import { type PostgresCluster, startPostgresCluster } from '../../scripts/lib/postgres-cluster';
import { type ServiceInstances, startServiceInstances } from '../../scripts/lib/service-instances';
import { type ExtensionBrowser, launchExtensionBrowser } from './harness/browser';
import { engineStats, waitForAudio } from './harness/engine-probe';
import type { ExtensionChrome } from './harness/extension-chrome';
import { type ListenerPool, startListenerPool } from './harness/load-listener-pool';
import { recordRecovery } from './harness/recovery-log';
import { type BotProcess, startBot } from './harness/stack';

declare const chrome: ExtensionChrome;

const TITLE = 'Scale-out room';
/** Headless listeners, half pinned (with failover) to each node's signalling. */
const GO_LISTENERS = 4;

let postgres: PostgresCluster | undefined;
let livekit: LiveKitClusterHandle | undefined;
let service: ServiceInstances | undefined;
let bot: BotProcess | undefined;
let pool: ListenerPool | undefined;
let browser: ExtensionBrowser | undefined;
/** The node each Go listener signals through (its entry URL's preferred node). */
const entryOf = (index: number) => index % 2;
/**
 * Listeners 0 and 1 (one per node) also do what a client can do for itself: after STALL_MS without audio
 * they ask the service for a new grant and connect again, instead of waiting for LiveKit to drop them.
 */
const watchesForStall = (index: number) => index < 2;
const STALL_MS = 1500;

beforeAll(async () => {
  postgres = await startPostgresCluster();
  const servicePort = await freeTcpPort();
  livekit = await startLiveKitCluster({
    webhookUrls: [`http://127.0.0.1:${servicePort}/v1/livekit/webhook`],
  });
  service = await startServiceInstances({
    count: 2,
    databaseUrl: postgres.url,
    livekit,
    balancerPort: servicePort,
  });
  bot = await startBot(service.url, ['--title', TITLE, '--name', 'Scale-out host']);
  pool = await startListenerPool();
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await pool?.stop().catch(() => {});
  await bot?.stop().catch(() => {});
  await service?.stop().catch(() => {});
  await livekit?.stop().catch(() => {});
  await postgres?.stop().catch(() => {});
});

/** A guest listener's grant, through the service balancer; waits while the room is reconnecting. */
async function listenGrant(roomId: string, deadline = Date.now() + 60_000): Promise<{ token: string }> {
  for (;;) {
    const answer = await fetch(`${service!.url}/v1/rooms/${roomId}/listen`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }).catch(() => undefined);
    if (answer?.ok) return (await answer.json()) as { token: string };
    if (Date.now() > deadline) throw new Error(`no listen grant: ${answer?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function connectGoListener(index: number): Promise<void> {
  const { token } = await listenGrant(bot!.roomId);
  const result = await pool!.connect(index, livekit!.entryUrls[entryOf(index)]!, token);
  if (!result.ok) throw new Error(`Go listener ${index}: ${result.error}`);
}

/**
 * When each Go listener hears the room again after `since`: its RTP byte count grows between two reads
 * (and the first read is at least `settleMs` after the fault, past packets already in flight). A listener
 * LiveKit dropped is connected again with a new grant, as a client would.
 */
async function goListenersBack(since: number, timeoutMs: number): Promise<Map<number, number>> {
  const back = new Map<number, number>();
  const reconnecting = new Set<number>();
  const rejoined = new Set<number>();
  let last = new Map((await pool!.traffic()).map((t) => [t.index, t.bytesReceived]));
  const deadline = Date.now() + timeoutMs;
  while (back.size < GO_LISTENERS && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stalled = Date.now() - since >= STALL_MS;
    const toReconnect = [
      ...pool!.dropped,
      ...(stalled ? [...last.keys()].filter((index) => watchesForStall(index) && !rejoined.has(index)) : []),
    ];
    for (const index of toReconnect) {
      if (reconnecting.has(index) || back.has(index)) continue;
      reconnecting.add(index);
      rejoined.add(index);
      pool!.dropped.delete(index);
      void connectGoListener(index)
        .catch((error: unknown) => console.log(`reconnect ${index} failed: ${String(error)}`))
        .finally(() => reconnecting.delete(index));
    }
    const now = await pool!.traffic();
    for (const t of now) {
      const before = last.get(t.index) ?? 0;
      if (!back.has(t.index) && t.read && t.bytesReceived > before && t.at - since > 500)
        back.set(t.index, t.at);
    }
    last = new Map(now.map((t) => [t.index, t.bytesReceived]));
  }
  return back;
}

it('a room across two LiveKit nodes and two service instances survives losing one of each', async () => {
  const roomId = bot!.roomId;
  // The extension joins through the service balancer, as a user would.
  browser = await launchExtensionBrowser();
  await browser.inWorker((url) => chrome.storage.local.set({ serviceUrl: url }), service!.url);
  const popup = await browser.openPage('popup.html');
  await popup.getByRole('button', { name: `Join ${TITLE}` }).click();
  await waitForAudio(browser, { timeoutMs: 60_000 });
  await popup.close();
  for (let index = 0; index < GO_LISTENERS; index++) await connectGoListener(index);

  const holder = await livekit!.nodeHolding(roomId);
  expect(holder, 'the room is on a node').toBeDefined();
  const killedNode = livekit!.nodes.indexOf(holder!);
  // Everyone hears the host before the fault.
  const heardBefore = await goListenersBack(Date.now() - 1000, 20_000);
  expect(heardBefore.size).toBe(GO_LISTENERS);

  const killedAt = Date.now();
  console.log(
    `scale-out: killed node ${killedNode} and a service instance at ${new Date(killedAt).toISOString()}`,
  );
  await Promise.all([holder!.crash(), service!.instances[0]!.kill()]);
  const [extensionBack, goBack] = await Promise.all([
    waitForAudio(browser, { timeoutMs: 90_000 }).then(() => Date.now()),
    goListenersBack(killedAt, 90_000),
  ]);

  // The room is back on the surviving node, every listener hears it, and the service still answers.
  expect((await livekit!.nodeHolding(roomId))?.port).toBe(livekit!.nodes[1 - killedNode]!.port);
  expect(goBack.size, 'every Go listener hears the room again').toBe(GO_LISTENERS);
  expect((await engineStats(browser))?.remoteAudioTracks).toBe(1);
  const room = await fetch(`${service!.url}/v1/rooms/${roomId}`).then((r) => r.json());
  expect(room.room.state).toBe('live');

  const fault = 'LiveKit node holding the room and one service instance killed (cluster of 2 + 2)';
  recordRecovery({
    fault,
    until: 'audio heard again in the offscreen engine',
    ms: extensionBack - killedAt,
    from: 'the kill',
  });
  for (const [through, label] of [
    [killedNode, 'signalled through the killed node'],
    [1 - killedNode, 'signalled through the surviving node'],
  ] as const) {
    for (const stallWatch of [false, true]) {
      const times = [...goBack]
        .filter(([index]) => entryOf(index) === through && watchesForStall(index) === stallWatch)
        .map(([, at]) => at - killedAt);
      const how = stallWatch ? `, rejoining after ${STALL_MS} ms without audio` : ' (LiveKit SDK only)';
      recordRecovery({
        fault,
        until: `audio heard again by a headless listener ${label}${how}`,
        ms: Math.max(...times),
        from: 'the kill',
      });
    }
  }
});
