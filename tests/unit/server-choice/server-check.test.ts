import { describe, expect, it } from 'vitest';
import { checkServer } from '@/utils/background/server-check';

const answering =
  (body: string, init: ResponseInit = { status: 200 }): typeof fetch =>
  async () =>
    new Response(body, init);

/** A server that accepts the connection and never answers (the check's abort ends it). */
const silent: typeof fetch = (_url, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });

describe('checkServer', () => {
  it('accepts an Earshot /health answer, with its version', async () => {
    const asked: string[] = [];
    const fetchImpl: typeof fetch = async (url, init) => {
      asked.push(String(url));
      return answering(JSON.stringify({ ok: true, service: 'earshot', version: '0.1.0' }))(url, init);
    };
    expect(await checkServer('https://rooms.example.org', { fetchImpl })).toEqual({
      ok: true,
      version: '0.1.0',
    });
    expect(asked).toEqual(['https://rooms.example.org/health']);
  });

  it('an HTML page, another JSON service or an error status is not an Earshot server', async () => {
    const cases: Array<[string, ResponseInit?]> = [
      ['<!doctype html><html><body>Welcome to nginx!</body></html>', { status: 200 }],
      [JSON.stringify({ status: 'UP' }), { status: 200 }],
      [JSON.stringify({ service: 'earshot' }), { status: 503 }],
      ['Not Found', { status: 404 }],
      ['null', { status: 200 }],
    ];
    for (const [body, init] of cases) {
      expect(await checkServer('https://example.org', { fetchImpl: answering(body, init) }), body).toEqual({
        ok: false,
        problem: 'not-earshot',
      });
    }
  });

  it('a server that cannot be reached (refused, DNS, TLS) is unreachable', async () => {
    const fetchImpl: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await checkServer('https://rooms.example.org', { fetchImpl })).toEqual({
      ok: false,
      problem: 'unreachable',
    });
  });

  it('a server that does not answer in time is given up on with a timeout, not waited on forever', async () => {
    const started = Date.now();
    expect(await checkServer('https://slow.example.org', { fetchImpl: silent, timeoutMs: 50 })).toEqual({
      ok: false,
      problem: 'timeout',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('also times out when the headers come but the body stalls', async () => {
    const stalling: typeof fetch = async (_url, init) =>
      new Response(
        new ReadableStream({
          start(controller) {
            init?.signal?.addEventListener('abort', () => controller.error(new Error('aborted')));
          },
        }),
      );
    expect(await checkServer('https://slow.example.org', { fetchImpl: stalling, timeoutMs: 50 })).toEqual({
      ok: false,
      problem: 'timeout',
    });
  });
});
