/**
 * A loopback TCP load balancer: each new connection goes to the next backend in turn (or always to the
 * first that is up), skipping any that refuses it. In front of a LiveKit cluster it is the one URL clients and the rooms service use for
 * signalling and the server API (HTTP and WebSocket pass through untouched); media does not go through
 * it (ICE candidates name each node's own UDP port). A node killed outright refuses connections at once,
 * so the next connection lands on a live node without any health check.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpBalancerHandle {
  port: number;
  /** Backends as host:port, in the order connections are handed out. */
  backends: readonly string[];
  stop(): Promise<void>;
}

export interface StartTcpBalancerOptions {
  backends: { host: string; port: number }[];
  /**
   * `round-robin` (default): each connection starts at the next backend. `in-order`: always the first
   * backend that accepts, i.e. the first one, failing over to the next only while it is down.
   */
  policy?: 'round-robin' | 'in-order';
  /** A free one when omitted. */
  port?: number;
}

/** Connects to the first backend, from `start` on, that accepts a connection; undefined when none does. */
function connectToLive(
  backends: StartTcpBalancerOptions['backends'],
  start: number,
): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const attempt = (tried: number) => {
      if (tried >= backends.length) return resolve(undefined);
      const backend = backends[(start + tried) % backends.length]!;
      const upstream = createConnection(backend);
      upstream.setNoDelay(true);
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        resolve(upstream);
      });
      upstream.once('error', () => {
        upstream.destroy();
        attempt(tried + 1);
      });
    };
    attempt(0);
  });
}

export async function startTcpBalancer(options: StartTcpBalancerOptions): Promise<TcpBalancerHandle> {
  const sockets = new Set<Socket>();
  let next = 0;
  const server = createServer({ pauseOnConnect: true }, async (client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.setNoDelay(true);
    const start = options.policy === 'in-order' ? 0 : next++ % options.backends.length;
    const upstream = await connectToLive(options.backends, start);
    if (!upstream || client.destroyed) {
      upstream?.destroy();
      client.destroy();
      return;
    }
    sockets.add(upstream);
    upstream.once('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => upstream.destroy());
    client.once('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => resolve());
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('balancer has no port');
  return {
    port: address.port,
    backends: options.backends.map(({ host, port }) => `${host}:${port}`),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
