/**
 * deploy/ as written, run on this machine: nginx terminating TLS (certificates from a local CA) for the
 * rooms service in production mode (`npm run serve` settings from deploy/earshot.env, on Postgres) and
 * for LiveKit's signalling (LiveKit on deploy/livekit.yaml.in: its own keys, UDP range, ICE/TCP; TURN/TLS
 * rendered off, see deploy/README.md "Known gaps"),
 * reached at https://rooms.earshot.test and wss://lk.earshot.test by two Chromiums with the extension.
 * A host goes live from the popup and speaks (a fake microphone playing a tone), a listener who follows
 * them joins and hears it, then the host ends the room.
 *
 * The extension is built with WXT_SERVICE_URL=https://rooms.earshot.test (into
 * .output/chrome-mv3-deploy-test), so the popup's first-run screen prefills that server; each user
 * confirms it there. A build with no default (the store build) would have the address typed instead.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DeployTopology, startDeployTopology } from '../../scripts/lib/deploy-topology';
import type { ExtensionBrowser } from './harness/browser';
import { grantHostPermission } from './harness/choose-server';
import { launchDeployBrowser } from './harness/deploy-browser';
import { engineStats, waitForAudio } from './harness/engine-probe';
import { message } from './harness/locale';
import { followFromSearch, goLive } from './harness/popup-actions';
import { writeToneWav } from './harness/tone-wav';

const EXTENSION_DIR = path.resolve('.output/chrome-mv3-deploy-test');
const PASSWORD = 'a long enough password';
const t = (key: string, ...subs: Array<string | number>) => message('en', key, ...subs);

let topology: DeployTopology;
let host: ExtensionBrowser;
let listener: ExtensionBrowser;

beforeAll(async () => {
  await promisify(execFile)('npx', ['wxt', 'build', '--mode', 'deploy-test'], {
    env: { ...process.env, NODE_ENV: 'production', WXT_SERVICE_URL: 'https://rooms.earshot.test' },
  });
  topology = await startDeployTopology(path.resolve('.tmp/e2e/deploy'));
  const tone = writeToneWav(path.resolve('.tmp/e2e/deploy-host-tone.wav'), { seconds: 60 });
  const common = {
    extensionDir: EXTENSION_DIR,
    caFile: topology.certificates.caFile,
    hostResolverRules: topology.hostResolverRules,
  };
  [host, listener] = await Promise.all([
    launchDeployBrowser({ ...common, fakeAudioFile: tone }),
    launchDeployBrowser(common),
  ]);
});

afterAll(async () => {
  await Promise.all([host?.close(), listener?.close()]);
  await topology?.stop();
});

async function signUp(popup: Page, username: string, displayName: string) {
  await popup.getByRole('button', { name: t('noAccount') }).click();
  await popup.getByLabel(t('username')).fill(username);
  await popup.getByLabel(t('displayName')).fill(displayName);
  await popup.getByLabel(t('password')).fill(PASSWORD);
  await popup.getByRole('button', { name: t('createAccount') }).click();
  await popup.getByRole('button', { name: t('signOut') }).waitFor({ timeout: 15_000 });
}

/**
 * The first-run screen (issue 12, item 1): the build's default server is prefilled; the user grants its
 * host permission and uses it. Headless Chromium shows no permission prompt (the request never settles),
 * so the grant is made first the way the Site access setting does (chrome://extensions), and the
 * extension's own request then resolves without a prompt.
 */
async function chooseServer(browser: ExtensionBrowser, popup: Page) {
  await grantHostPermission(browser, 'https://rooms.earshot.test');
  await expect(popup.getByLabel(t('serverLabel')).inputValue()).resolves.toBe('https://rooms.earshot.test');
  await popup.screenshot({ path: 'test-results/deploy-first-run.png' });
  await popup.getByRole('button', { name: t('serverUse') }).click();
}

const status = (popup: Page) => popup.locator('.now-playing').getAttribute('data-status');

it('serves the deployed names over TLS from the local CA, in production mode', async () => {
  const health = await topology.requestThroughProxy('rooms.earshot.test', '/health');
  expect(health.status).toBe(200);
  expect(JSON.parse(health.body)).toMatchObject({ ok: true, service: 'earshot' });
  const ready = await topology.requestThroughProxy('rooms.earshot.test', '/ready');
  expect(JSON.parse(ready.body)).toMatchObject({
    ok: true,
    checks: { database: { ok: true }, livekit: { ok: true } },
  });
  expect(topology.service.records.find((r) => r.msg === 'listening')).toMatchObject({
    publicUrl: 'https://rooms.earshot.test',
    database: 'postgres',
  });
  expect((await topology.requestThroughProxy('lk.earshot.test', '/')).body).toBe('OK');
});

it('a host goes live, a follower hears them through the proxy, and the host ends the room', async () => {
  const suffix = Date.now().toString(36).slice(-5);
  const HOST = `dhost${suffix}`;
  const LISTENER = `dfan${suffix}`;
  const hostPopup = await host.openPage('popup.html');
  const listenerPopup = await listener.openPage('popup.html');
  await chooseServer(host, hostPopup);
  await chooseServer(listener, listenerPopup);
  await signUp(hostPopup, HOST, 'Deployed Host');
  await signUp(listenerPopup, LISTENER, 'Deployed Fan');

  await followFromSearch(listenerPopup, 'en', HOST);

  await goLive(hostPopup, 'en', 'Deployed room');
  await expect.poll(() => status(hostPopup), { timeout: 20_000 }).toBe('connected');
  const unmute = hostPopup.getByRole('button', { name: t('unmute') });
  if (await unmute.count()) await unmute.click();

  await listenerPopup.reload();
  await listenerPopup.getByRole('button', { name: t('joinRoomAria', 'Deployed room') }).click();
  await expect.poll(() => status(listenerPopup), { timeout: 20_000 }).toBe('connected');
  const heard = await waitForAudio(listener, { timeoutMs: 20_000, minLevel: 0.02 });
  expect(heard.after.remoteAudioTracks).toBe(1);
  console.log(`deploy: listener hears the host (audio level ${heard.after.audioLevel.toFixed(3)})`);

  // The API went through nginx at the deployed name.
  expect(await readFile(topology.nginx.accessLog, 'utf8')).toMatch(/"POST \/v1\/rooms HTTP\/[\d.]+" 201/);

  await hostPopup.getByRole('button', { name: t('endRoom') }).click();
  await expect
    .poll(() => listenerPopup.locator('.notice').textContent(), { timeout: 15_000 })
    .toContain(t('endedRoom'));
  await expect
    .poll(async () => (await engineStats(listener))?.remoteAudioTracks ?? 0, { timeout: 10_000 })
    .toBe(0);
  // LiveKit's signalling (WebSocket) went through nginx too. nginx logs an upgraded connection when it
  // closes, so this is read once the room has ended and the clients have left.
  await expect
    .poll(() => readFile(topology.nginx.accessLog, 'utf8'), { timeout: 15_000 })
    .toMatch(/"GET \/rtc(\/v1)?\?[^"]*" 101/);
});
