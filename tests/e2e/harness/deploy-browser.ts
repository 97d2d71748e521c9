/**
 * Chromium with an extension build, as a user of a deployed server would run it: the server's names
 * resolved by `--host-resolver-rules` (to the local proxy; every other name unresolvable) and its CA
 * trusted the way Chromium on Linux trusts a user CA, from `$HOME/.pki/nssdb` (no
 * --ignore-certificate-errors).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Worker } from 'playwright-core';
import { trustInNssDb } from '../../../scripts/lib/local-ca';
import { CHROMIUM, type ExtensionBrowser } from './browser';

export async function launchDeployBrowser(options: {
  extensionDir: string;
  caFile: string;
  hostResolverRules: string;
  fakeAudioFile?: string;
}): Promise<ExtensionBrowser> {
  const home = await mkdtemp(path.join(tmpdir(), 'earshot-home-'));
  await trustInNssDb(home, options.caFile);
  const userDataDir = path.join(home, 'profile');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--mute-audio'],
    locale: 'en-US',
    env: { ...process.env, HOME: home },
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      `--disable-extensions-except=${options.extensionDir}`,
      `--load-extension=${options.extensionDir}`,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=en-US',
      `--host-resolver-rules=${options.hostResolverRules}`,
      ...(options.fakeAudioFile ? [`--use-file-for-fake-audio-capture=${options.fakeAudioFile}`] : []),
    ],
  });
  const first =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(first.url()).host;
  const worker = async (): Promise<Worker> =>
    context
      .serviceWorkers()
      .filter((w) => w.url().startsWith(`chrome-extension://${extensionId}/`))
      .at(-1) ?? context.waitForEvent('serviceworker', { timeout: 30_000 });
  return {
    context,
    extensionId,
    worker,
    async openPage(file, viewport = { width: 380, height: 600 }) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      await page.goto(`chrome-extension://${extensionId}/${file}`);
      return page;
    },
    async inWorker<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T> {
      return (await worker()).evaluate(fn as never, arg) as Promise<T>;
    },
    async close() {
      await context.close().catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
}
