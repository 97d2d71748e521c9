/**
 * Unused loopback ports for the servers tests and scripts start. Ports are drawn at random from 20000-32767,
 * below Linux's ephemeral range (32768-60999): a port the OS hands out for `listen(0)` is also where outgoing
 * connections take their source ports, so under load one of those could take it between the probe and the
 * server's own bind (seen as EADDRINUSE). Each candidate is probed by binding it; a port may in theory still be
 * taken by another process before use.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

const LOW = 20_000;
const HIGH = 32_767;
const TRIES = 50;
/** Ports this process already handed out, so two calls never give the same one. */
const handedOut = new Set<number>();

const randomPort = () => LOW + Math.floor(Math.random() * (HIGH - LOW + 1));

function probeTcp(port: number, host: string): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(null));
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      server.close(() => resolve(address && typeof address === 'object' ? address.port : null));
    });
  });
}

function probeUdp(port: number, host: string): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.unref();
    socket.once('error', () => resolve(null));
    socket.bind({ port, address: host, exclusive: true }, () => {
      const bound = socket.address().port;
      socket.close(() => resolve(bound));
    });
  });
}

async function freePort(probe: (port: number, host: string) => Promise<number | null>, host: string) {
  for (let i = 0; i < TRIES; i++) {
    const candidate = randomPort();
    if (handedOut.has(candidate)) continue;
    const port = await probe(candidate, host);
    if (port !== null) {
      handedOut.add(port);
      return port;
    }
  }
  // Crowded range: let the OS choose.
  const port = await probe(0, host);
  if (port === null) throw new Error('Could not find a free port');
  handedOut.add(port);
  return port;
}

export const freeTcpPort = (host = '127.0.0.1'): Promise<number> => freePort(probeTcp, host);

export const freeUdpPort = (host = '127.0.0.1'): Promise<number> => freePort(probeUdp, host);

/** `count` distinct free TCP ports (distinct from each other, not only from ports in use). */
export async function freeTcpPorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freeTcpPort(host));
  return [...ports];
}
