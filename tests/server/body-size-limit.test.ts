/** The body size limit (server/body-size-limit.ts) through the real Node adapter: declared and chunked bodies. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodySizeLimit } from '../../server/body-size-limit.ts';

const LIMIT = 1024;
let server: ReturnType<typeof serve>;
let url: string;

beforeAll(async () => {
  const app = new Hono();
  app.use(bodySizeLimit(LIMIT, (c) => c.text('too large', 413)));
  app.post('/echo', async (c) => c.text(await c.req.text()));
  app.get('/echo', (c) => c.text('got'));
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (address: AddressInfo) => {
      url = `http://127.0.0.1:${address.port}/echo`;
      resolve();
    });
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A body sent in chunks with no Content-Length (Transfer-Encoding: chunked). */
const chunked = (text: string) =>
  fetch(url, {
    method: 'POST',
    body: new ReadableStream({
      start(controller) {
        const bytes = new TextEncoder().encode(text);
        for (let i = 0; i < bytes.length; i += 300) controller.enqueue(bytes.subarray(i, i + 300));
        controller.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);

describe('body size limit', () => {
  it('passes a body of declared length within the limit, read whole', async () => {
    const response = await fetch(url, { method: 'POST', body: 'a'.repeat(LIMIT) });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('a'.repeat(LIMIT));
  });

  it('refuses a declared length over the limit', async () => {
    const response = await fetch(url, { method: 'POST', body: 'a'.repeat(LIMIT + 1) });
    expect(response.status).toBe(413);
  });

  it('passes a chunked body within the limit, read whole', async () => {
    const response = await chunked('b'.repeat(LIMIT));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('b'.repeat(LIMIT));
  });

  it('refuses a chunked body over the limit', async () => {
    const response = await chunked('b'.repeat(LIMIT + 1));
    expect(response.status).toBe(413);
  });

  it('lets requests without a body through', async () => {
    expect(await (await fetch(url)).text()).toBe('got');
    const empty = await fetch(url, { method: 'POST' });
    expect(empty.status).toBe(200);
    expect(await empty.text()).toBe('');
  });
});
