/**
 * A real Bluesky network on loopback, from npm's @atproto/dev-env (pinned 0.3.215, the last for Node 20):
 * a PLC directory, a PDS (handles under .test) and the AppView, in this process, over a throwaway Postgres
 * cluster. dev-env's servers listen on every interface: `listen` is pinned to 127.0.0.1 while they start.
 * Their data folders land in $TMPDIR, pointed at a folder removed on stop.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestNetwork } from '@atproto/dev-env';
import { type PostgresCluster, startPostgresCluster } from '../../../scripts/lib/postgres-cluster.ts';
import type { OutboundSettings } from '../../../server/identity/outbound-fetch.ts';

type Agent = ReturnType<TestNetwork['pds']['getClient']>;

export interface BlueskyUser {
  did: string;
  handle: string;
  agent: Agent;
}

export interface BlueskyNetwork {
  network: TestNetwork;
  plcUrl: string;
  pdsUrl: string;
  appviewUrl: string;
  /** Outbound settings that reach this network: loopback allowed, handles' hosts routed to the PDS. */
  outbound: OutboundSettings;
  createUser(name: string): Promise<BlueskyUser>;
  setDescription(user: BlueskyUser, description: string): Promise<void>;
  changeHandle(user: BlueskyUser, handle: string): Promise<void>;
  /** Creates `count` accounts `<prefix><i>.test` (40 at a time); their DIDs. */
  createAccounts(prefix: string, count: number): Promise<string[]>;
  /** `user` follows each of `dids` (one applyWrites per 200), then the AppView indexes it all. */
  follow(user: BlueskyUser, dids: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

/** Runs `start` with every listen() that names no host bound to 127.0.0.1. */
async function onLoopback<T>(start: () => Promise<T>): Promise<T> {
  const original = net.Server.prototype.listen;
  net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
    if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
    else if (typeof args[0] === 'object' && args[0] !== null && !('host' in args[0]) && 'port' in args[0]) {
      args[0] = { ...args[0], host: '127.0.0.1' };
    }
    return original.apply(this, args as Parameters<typeof original>);
  } as typeof original;
  try {
    return await start();
  } finally {
    net.Server.prototype.listen = original;
  }
}

export async function startBlueskyNetwork(): Promise<BlueskyNetwork> {
  const cluster: PostgresCluster = await startPostgresCluster();
  const dataDir = await mkdtemp(join(tmpdir(), 'earshot-atproto-'));
  const previous = { TMPDIR: process.env.TMPDIR, REDIS_HOST: process.env.REDIS_HOST };
  process.env.TMPDIR = dataDir;
  // dev-env asserts it is set (nothing connects to it). Unset again after: livekit-server reads REDIS_HOST too.
  process.env.REDIS_HOST = 'unused.invalid';
  let network: TestNetwork;
  try {
    const { TestNetwork } = await import('@atproto/dev-env');
    network = await onLoopback(() =>
      TestNetwork.create({ dbPostgresUrl: cluster.url, dbPostgresSchema: 'earshot_bsky' }),
    );
  } catch (error) {
    await cluster.stop();
    throw error;
  } finally {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  const pdsHostPort = `http://127.0.0.1:${new URL(network.pds.url).port}`;
  const hostRules: Record<string, string> = {};
  const outbound: OutboundSettings = {
    allowPrivateNetworks: true,
    hostRules,
    timeoutMs: 3000,
    // dev-env writes http://localhost:<port> into DID documents; its servers listen on 127.0.0.1 only.
    lookup: async (host) => (host === 'localhost' ? [{ address: '127.0.0.1', family: 4 }] : []),
  };
  let accounts = 0;
  return {
    network,
    plcUrl: network.plc.url,
    pdsUrl: network.pds.url,
    appviewUrl: network.bsky.url,
    outbound,
    async createUser(name) {
      accounts += 1;
      const handle = `${name}.test`;
      hostRules[handle] = pdsHostPort; // the PDS answers /.well-known/atproto-did for its handles
      const agent = network.pds.getClient();
      const created = await agent.createAccount({
        handle,
        email: `${name}-${accounts}@earshot.test`,
        password: 'correct horse battery',
      });
      return { did: created.data.did, handle, agent };
    },
    async setDescription(user, description) {
      await user.agent.com.atproto.repo.putRecord({
        repo: user.did,
        collection: 'app.bsky.actor.profile',
        rkey: 'self',
        record: { $type: 'app.bsky.actor.profile', description },
      });
    },
    async changeHandle(user, handle) {
      hostRules[handle] = pdsHostPort;
      await user.agent.com.atproto.identity.updateHandle({ handle });
      user.handle = handle;
    },
    async createAccounts(prefix, count) {
      const client = network.pds.getClient();
      const dids: string[] = [];
      for (let start = 0; start < count; start += 40) {
        const batch = Array.from({ length: Math.min(40, count - start) }, (_, i) => start + i);
        const created = await Promise.all(
          batch.map((i) =>
            client.com.atproto.server.createAccount({
              handle: `${prefix}${i}.test`,
              email: `${prefix}${i}@earshot.test`,
              password: 'correct horse battery',
            }),
          ),
        );
        dids.push(...created.map((answer) => answer.data.did));
      }
      return dids;
    },
    async follow(user, dids) {
      for (let i = 0; i < dids.length; i += 200) {
        await user.agent.com.atproto.repo.applyWrites({
          repo: user.did,
          writes: dids.slice(i, i + 200).map((subject) => ({
            $type: 'com.atproto.repo.applyWrites#create',
            collection: 'app.bsky.graph.follow',
            value: { $type: 'app.bsky.graph.follow', subject, createdAt: new Date().toISOString() },
          })),
        });
      }
      await network.processAll();
    },
    async stop() {
      await network.close();
      await cluster.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
