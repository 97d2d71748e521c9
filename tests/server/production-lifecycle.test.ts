/**
 * The production process for real (`server/main.ts --production` on a real Postgres and LiveKit):
 * JSON log lines, `/health`, `/ready` (database and LiveKit checked; 503 naming LiveKit when it is
 * down), and SIGTERM in the middle of a request: the request is still answered, the SSE stream ends
 * at once (so its client reconnects elsewhere), new connections are refused, and the process exits 0.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { freeTcpPort } from '../../scripts/lib/free-port.ts';
import { type PostgresCluster, startPostgresCluster } from '../../scripts/lib/postgres-cluster.ts';
import { type ServiceProcess, startServiceProcess } from '../../scripts/lib/service-process.ts';
import { type LiveKitHandle, startLiveKit } from '../../scripts/livekit.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { api, signUpUser } from './support/service-fixture.ts';

let postgres: PostgresCluster;
let livekit: LiveKitHandle;
let service: ServiceProcess & { url: string };
let env: Record<string, string>;

beforeAll(async () => {
  postgres = await startPostgresCluster();
  const port = await freeTcpPort();
  livekit = await startLiveKit({ webhookUrls: [`http://127.0.0.1:${port}/v1/livekit/webhook`] });
  env = {
    PORT: String(port),
    DATABASE_URL: postgres.url,
    LIVEKIT_URL: livekit.url,
    SHUTDOWN_GRACE_MS: '10000',
  };
  service = await startServiceProcess(env);
});

afterAll(async () => {
  await service?.stop(1000);
  await livekit?.stop();
  await postgres?.stop();
});

it('logs JSON lines only, with the version at start and one record per request', async () => {
  const listening = service.records.find((record) => record.msg === 'listening');
  expect(listening).toMatchObject({ level: 'info', database: 'postgres', version: packageJson.version });
  expect(JSON.stringify(service.records)).not.toContain(postgres.url);
  await api(service, '/v1/rooms');
  const logged = await service.nextRecord(
    (record) => record.msg === 'request' && record.path === '/v1/rooms',
  );
  expect(logged).toMatchObject({ level: 'info', method: 'GET', status: 200 });
  expect(typeof logged.ms).toBe('number');
  expect(new Date(logged.time).getTime()).toBeGreaterThan(Date.now() - 60_000);
  expect(service.otherOutput()).toBe('');
});

it('answers /health with its name and version, and /ready with both checks passing', async () => {
  expect(await api(service, '/health')).toMatchObject({
    status: 200,
    body: { ok: true, service: 'earshot', version: packageJson.version },
  });
  const ready = await api(service, '/ready');
  expect(ready.status).toBe(200);
  expect(ready.body).toMatchObject({
    ok: true,
    draining: false,
    checks: { database: { ok: true }, livekit: { ok: true } },
  });
});

it('is not ready while LiveKit is unreachable, and says so', async () => {
  const blind = await startServiceProcess({
    ...env,
    PORT: String(await freeTcpPort()),
    LIVEKIT_URL: `ws://127.0.0.1:${await freeTcpPort()}`,
  });
  try {
    const ready = await api(blind, '/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({
      ok: false,
      checks: { database: { ok: true }, livekit: { ok: false } },
    });
    expect(ready.body.checks.livekit.error).toEqual(expect.any(String));
    expect((await api(blind, '/health')).status).toBe(200);
  } finally {
    await blind.stop();
  }
});

/** A POST whose body is sent in two halves: the request is in flight between them. */
function slowPost(url: string, path: string, body: unknown) {
  const text = JSON.stringify(body);
  const half = Math.floor(text.length / 2);
  const req = request(new URL(path, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
  });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let data = '';
      res.on('data', (chunk) => {
        data += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
  });
  req.write(text.slice(0, half));
  return { finish: () => req.end(text.slice(half)), answered };
}

/** Opens `/v1/events` and resolves `ready` on its first event, `ended` when the server ends the stream. */
async function openEvents(url: string, token: string) {
  const response = await fetch(`${url}/v1/events`, { headers: { authorization: `Bearer ${token}` } });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let sawReady = () => {};
  const ready = new Promise<void>((resolve) => {
    sawReady = resolve;
  });
  const ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text;
      text += decoder.decode(value, { stream: true });
      if (text.includes('event: ready')) sawReady();
    }
  })();
  return { ready, ended };
}

it('on SIGTERM finishes the request in flight, ends SSE streams, refuses new connections and exits 0', async () => {
  const listener = await signUpUser(service, 'listener');
  const events = await openEvents(service.url, listener.token);
  await events.ready;
  const username = `late_${Date.now().toString(36)}`;
  const inFlight = slowPost(service.url, '/v1/accounts', { username, password: 'correct horse battery' });
  await new Promise((resolve) => setTimeout(resolve, 300));

  const signalledAt = Date.now();
  service.child.kill('SIGTERM');
  await service.nextRecord((record) => /^SIGTERM: shutting down/.test(record.msg), 5000);

  // The SSE stream ends right away, cleanly: its client reconnects (to another instance behind the proxy).
  const streamText = await events.ended;
  expect(Date.now() - signalledAt).toBeLessThan(3000);
  expect(streamText).toContain('event: ready');
  // No new connections while draining.
  await expect(fetch(`${service.url}/health`)).rejects.toThrow();

  // The request that was in flight completes after the signal, and its account is really there.
  await new Promise((resolve) => setTimeout(resolve, 500));
  inFlight.finish();
  const answer = await inFlight.answered;
  expect(answer.status).toBe(201);
  expect(JSON.parse(answer.body).account.username).toBe(username);

  expect(await service.exited).toBe(0);
  expect(service.records.at(-1)).toMatchObject({ msg: 'stopped' });
  expect(service.records.some((record) => record.level === 'error')).toBe(false);
  const db = await openDatabase({ driver: 'postgres', url: postgres.url });
  try {
    expect(await db.query('SELECT username FROM accounts WHERE username = $1', [username])).toHaveLength(1);
  } finally {
    await db.close();
  }
});
