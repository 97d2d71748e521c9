/**
 * Choosing the Earshot server at run time, in the production-like test build (`npm run build:test`): a fresh
 * profile (nothing in storage) opens the popup on the first-run screen with the build's default filled in. Bad
 * addresses are refused with their message (a port where nothing listens, a site that answers HTML, a server
 * that never answers, http:// to another machine); then a real service on another loopback port is chosen, the
 * user signs up there, changes to a second service (signed out of the first), joins its demo room and hears it.
 * Loopback servers need no permission prompt (granted at install), so none is shown here.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freeTcpPort } from '../../scripts/lib/free-port';
import { type ExtensionBrowser, launchExtensionBrowser, TEST_EXTENSION_DIR } from './harness/browser';
import { waitForAudio } from './harness/engine-probe';
import type { ExtensionChrome } from './harness/extension-chrome';
import { type BotProcess, type Stack, startBot, startStack } from './harness/stack';

declare const chrome: ExtensionChrome;

let first: Stack;
let second: Stack;
let bot: BotProcess;
let browser: ExtensionBrowser;
let htmlSite: Server;
let silentSite: Server;

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );

beforeAll(async () => {
  [first, second] = [await startStack(), await startStack()];
  bot = await startBot(second.serviceUrl, ['--title', 'Second server room']);
  htmlSite = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>Welcome</title><p>Just a web site</p>');
  });
  silentSite = createServer(() => undefined); // accepts, never answers
  browser = await launchExtensionBrowser({ extensionDir: TEST_EXTENSION_DIR });
});

afterAll(async () => {
  await browser?.close();
  htmlSite?.closeAllConnections();
  silentSite?.closeAllConnections();
  htmlSite?.close();
  silentSite?.close();
  await bot?.stop();
  await second?.stop();
  await first?.stop();
});

/** Types `address` in the server form and submits it. */
async function useServer(popup: Page, address: string) {
  await popup.getByLabel('Server address').fill(address);
  await popup.getByRole('button', { name: 'Use this server' }).click();
}

it('first run: refuses bad servers with their reason, then takes a real one on another port', async () => {
  expect(await browser.inWorker(() => chrome.storage.local.get(['serviceUrl']), null)).toEqual({});
  const popup = await browser.openPage('popup.html');
  const address = popup.getByLabel('Server address');
  await expect(address.inputValue()).resolves.toBe('http://127.0.0.1:8787'); // the build's default
  const alert = popup.getByRole('alert');

  await useServer(popup, 'http://rooms.example.org');
  await expect(alert.textContent()).resolves.toMatch(/must be reached over HTTPS/);

  // A free port nobody listens on: the connection is refused.
  await useServer(popup, `http://127.0.0.1:${await freeTcpPort()}`);
  await alert.filter({ hasText: /Could not reach/ }).waitFor({ timeout: 10_000 });

  const html = await listen(htmlSite);
  await useServer(popup, html);
  await alert.filter({ hasText: /not an Earshot server/ }).waitFor({ timeout: 10_000 });

  const silent = await listen(silentSite);
  const askedAt = Date.now();
  await useServer(popup, silent);
  await popup
    .getByRole('status')
    .filter({ hasText: /Checking that 127\.0\.0\.1:\d+ is an Earshot server/ })
    .waitFor();
  await alert.filter({ hasText: /did not answer within 6 seconds/ }).waitFor({ timeout: 15_000 });
  expect(Date.now() - askedAt).toBeLessThan(12_000);
  // None of these was saved: still a first run.
  expect(await browser.inWorker(() => chrome.storage.local.get(['serviceUrl']), null)).toEqual({});

  await useServer(popup, first.serviceUrl);
  await popup.locator('.server').waitFor({ timeout: 10_000 });
  await expect(popup.locator('.server').textContent()).resolves.toContain(new URL(first.serviceUrl).host);
  expect(await browser.inWorker(() => chrome.storage.local.get(['serviceUrl']), null)).toEqual({
    serviceUrl: first.serviceUrl,
  });
  await popup.close();
});

it('changing to a second server signs out of the first; its demo room plays', async () => {
  const popup = await browser.openPage('popup.html');
  // Sign up on the first server.
  await popup.getByRole('button', { name: 'New here? Create an account' }).click();
  await popup.getByLabel('Username').fill(`chooser${Date.now().toString(36)}`);
  await popup.getByLabel('Password').fill('a long enough password');
  await popup.getByRole('button', { name: 'Create account' }).click();
  await popup.locator('.account[data-signed-in="true"]').waitFor({ timeout: 10_000 });

  await popup.getByRole('button', { name: 'Change server' }).click();
  await useServer(popup, second.serviceUrl);
  await popup.locator('.server', { hasText: new URL(second.serviceUrl).host }).waitFor({ timeout: 10_000 });
  // Signed out (the first server's session means nothing to the second).
  await popup.locator('.sign-in').waitFor();

  const row = popup.locator(`[data-room-id="${bot.roomId}"]`);
  await row.waitFor({ timeout: 15_000 });
  await row.getByRole('button', { name: 'Join Second server room' }).click();
  const heard = await waitForAudio(browser, { timeoutMs: 15_000 });
  expect(heard.after.remoteAudioTracks).toBe(1);
  await popup.getByRole('button', { name: 'Leave' }).click();
  await popup.close();
});
