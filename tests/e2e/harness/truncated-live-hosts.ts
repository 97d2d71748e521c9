/**
 * A loopback proxy in front of the rooms service that answers `GET /v1/live-hosts` as a service with more live
 * hosts than it lists would: `truncated: true` and none of the hosts (the worst case: every author must be
 * looked up). Everything else passes through untouched, streamed (server-sent events included). Feed tests run
 * with the extension pointed at it to cover the "list not complete" path.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TruncatingProxy {
  /** The proxy's origin, used as the extension's service URL. */
  url: string;
  /** How many live-hosts answers were rewritten so far. */
  readonly rewritten: number;
  close(): Promise<void>;
}

export async function startTruncatingProxy(serviceUrl: string): Promise<TruncatingProxy> {
  const target = new URL(serviceUrl);
  let rewritten = 0;
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const rewrite = incoming.method === 'GET' && (incoming.url ?? '').startsWith('/v1/live-hosts');
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        // Uncompressed, so a rewritten answer can be read.
        headers: { ...incoming.headers, host: target.host, 'accept-encoding': 'identity' },
      },
      (answer) => {
        if (!rewrite || answer.statusCode !== 200) {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const listed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          const body = JSON.stringify({ ...listed, hosts: [], truncated: true });
          rewritten += 1;
          const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) };
          delete headers['content-encoding'];
          delete headers.etag;
          outgoing.writeHead(200, headers);
          outgoing.end(body);
        });
      },
    );
    upstream.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(upstream);
  };
  const server = createServer(forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get rewritten() {
      return rewritten;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
