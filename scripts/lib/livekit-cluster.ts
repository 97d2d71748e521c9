/**
 * A loopback LiveKit cluster: one memory-only Redis, N `livekit-server` nodes sharing it (each with its
 * own signalling and UDP media port, the same keys and webhooks), and a TCP balancer in front of their
 * signalling ports. A room lives on one node; a client may signal through any node (LiveKit relays its
 * signalling over Redis to the room's node, media goes straight to that node).
 *
 * `url` (the balancer) is the one URL to give the rooms service and clients: a connection made after a
 * node died goes to a live node. Each node's own URL is there too, to pin a client to one node.
 */

import { readFile } from 'node:fs/promises';
import { LIVEKIT_DEV_API_KEY, LIVEKIT_DEV_API_SECRET } from './livekit-config.ts';
import { type LiveKitHandle, startLiveKit } from './livekit-server.ts';
import { type RedisHandle, redisCommand, startRedis } from './redis-server.ts';
import { startTcpBalancer, type TcpBalancerHandle } from './tcp-balancer.ts';

export interface StartLiveKitClusterOptions {
  /** How many nodes. Default 2. */
  nodes?: number;
  /** Every node POSTs signed room events here, like a single node. */
  webhookUrls?: string[];
  /** The balancer's port; a free one when omitted. */
  port?: number;
  /**
   * How long a node retries relaying a client's signalling to the room's node before dropping the client
   * (who then reconnects, to a live node), and the first attempt's timeout (doubled at each retry). When
   * the room's node died, a client signalled through another node is dropped only once a message it sends
   * cannot be relayed: by default 450 ms after that message (attempts of 150 and 300 ms, deadline 400 ms;
   * LiveKit's defaults: 7.5 s, attempts from 500 ms). A client sends one at least every 5 s (its ping),
   * and the extension sends one as soon as the audio stops for a second. Giving only the timeout keeps
   * LiveKit's 500 ms first attempt (1000 ms: dropped 1.5 s after the message).
   */
  signalRelayTimeoutMs?: number;
  signalRelayRetryMs?: number;
}

/**
 * See `signalRelayTimeoutMs`. A failed attempt is retried, so a healthy client is dropped only when no relay
 * got through for 450 ms (a Redis round trip on loopback takes about a millisecond).
 */
const DEFAULT_SIGNAL_RELAY = { timeoutMs: 400, retryMs: 150 };

export interface LiveKitClusterHandle {
  /** ws://127.0.0.1:PORT of the balancer in front of the nodes. */
  url: string;
  /** The same for HTTP APIs. */
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
  /** The balancer's port. */
  port: number;
  /** The nodes, in start order (a crashed node stays in the list). */
  nodes: readonly LiveKitHandle[];
  /**
   * One ws:// URL per node that reaches that node while it is up and fails over to the others when it is
   * not: to put a client on a chosen node without pinning it to a node that may die.
   */
  entryUrls: readonly string[];
  redis: RedisHandle;
  balancer: TcpBalancerHandle;
  /** The node a room lives on now (LiveKit's room-to-node map in Redis), or undefined. */
  nodeHolding(room: string): Promise<LiveKitHandle | undefined>;
  stop(): Promise<void>;
}

/** LiveKit's id for a node, from the line it logs as it starts ("starting LiveKit server … nodeID"). */
async function nodeIdOf(node: LiveKitHandle): Promise<string> {
  const log = await readFile(node.logFile, 'utf8');
  const id = /"nodeID": "([^"]+)"/.exec(log)?.[1];
  if (!id) throw new Error(`No node id in ${node.logFile}`);
  return id;
}

export async function startLiveKitCluster(
  options: StartLiveKitClusterOptions = {},
): Promise<LiveKitClusterHandle> {
  const count = options.nodes ?? 2;
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`A cluster needs at least one node, not ${count}`);
  const redis = await startRedis();
  const nodes: LiveKitHandle[] = [];
  const nodeIds: string[] = [];
  let balancer: TcpBalancerHandle | undefined;
  const entries: TcpBalancerHandle[] = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await balancer?.stop();
    await Promise.all(entries.map((entry) => entry.stop()));
    await Promise.all(nodes.map((node) => node.stop()));
    await redis.stop();
  };
  try {
    // One at a time: each node's start (and its Redis registration) is quick, and 2 cores are shared.
    for (let index = 0; index < count; index++) {
      const node = await startLiveKit({
        redisAddress: redis.address,
        webhookUrls: options.webhookUrls,
        ...(options.signalRelayTimeoutMs === undefined
          ? {
              signalRelayTimeoutMs: DEFAULT_SIGNAL_RELAY.timeoutMs,
              signalRelayRetryMs: options.signalRelayRetryMs ?? DEFAULT_SIGNAL_RELAY.retryMs,
            }
          : {
              signalRelayTimeoutMs: options.signalRelayTimeoutMs,
              signalRelayRetryMs: options.signalRelayRetryMs,
            }),
      });
      nodes.push(node);
      const nodeId = await nodeIdOf(node);
      nodeIds.push(nodeId);
      // A supervisor's job: a node whose process died is taken out of the cluster at once, as LiveKit
      // does itself on a clean stop. Its rooms then move to a live node at the next join, instead of
      // live nodes relaying to it until its stats in Redis are 5 s old.
      void node.exited.then(() => {
        if (!stopping) void redisCommand(redis.port, 'HDEL', 'nodes', nodeId).catch(() => {});
      });
    }
    const backends = nodes.map((node) => ({ host: '127.0.0.1', port: node.port }));
    balancer = await startTcpBalancer({ port: options.port, backends });
    for (let index = 0; index < count; index++) {
      const preferred = [...backends.slice(index), ...backends.slice(0, index)];
      entries.push(await startTcpBalancer({ backends: preferred, policy: 'in-order' }));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `ws://127.0.0.1:${balancer.port}`,
    httpUrl: `http://127.0.0.1:${balancer.port}`,
    apiKey: LIVEKIT_DEV_API_KEY,
    apiSecret: LIVEKIT_DEV_API_SECRET,
    port: balancer.port,
    nodes,
    entryUrls: entries.map((entry) => `ws://127.0.0.1:${entry.port}`),
    redis,
    balancer,
    async nodeHolding(room) {
      const nodeId = await redisCommand(redis.port, 'HGET', 'room_node_map', room);
      if (!nodeId) return undefined;
      return nodes[nodeIds.indexOf(nodeId)];
    },
    stop,
  };
}
