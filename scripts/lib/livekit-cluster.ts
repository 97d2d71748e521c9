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
  const stop = async () => {
    await balancer?.stop();
    await Promise.all(nodes.map((node) => node.stop()));
    await redis.stop();
  };
  try {
    // One at a time: each node's start (and its Redis registration) is quick, and 2 cores are shared.
    for (let index = 0; index < count; index++) {
      const node = await startLiveKit({ redisAddress: redis.address, webhookUrls: options.webhookUrls });
      nodes.push(node);
      nodeIds.push(await nodeIdOf(node));
    }
    balancer = await startTcpBalancer({
      port: options.port,
      backends: nodes.map((node) => ({ host: '127.0.0.1', port: node.port })),
    });
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
