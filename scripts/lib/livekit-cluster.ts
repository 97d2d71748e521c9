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
   * (who then reconnects, to a live node). Default 1000 ms (LiveKit's own default is 7.5 s): with
   * LiveKit's retry steps (0.5 s, then 1 s) a client whose room's node died is dropped 1.5 s after its
   * next message (a ping every 5 s at most), instead of 7.5 s after.
   */
  signalRelayTimeoutMs?: number;
}

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
        signalRelayTimeoutMs: options.signalRelayTimeoutMs ?? 1000,
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
