/**
 * Chromium with an extension build, run as another user (`nobody`) so a firewall can single out the
 * browser's own sockets (nftables `meta skuid`) and leave the servers on the same machine alone. Names
 * resolve through the system (/etc/hosts), with no --host-resolver-rules; the local CA is trusted the way
 * Chromium on Linux trusts a user CA, from `$HOME/.pki/nssdb`.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Worker } from 'playwright-core';
import { trustInNssDb } from '../../../scripts/lib/local-ca';
import { CHROMIUM, type ExtensionBrowser } from './browser';

const run = promisify(execFile);

/** The user the browser runs as (Debian's `nobody`). */
export const BROWSER_UID = 65534;

export async function launchUnprivilegedBrowser(options: {
  extensionDir: string;
  caFile: string;
  uid?: number;
}): Promise<ExtensionBrowser> {
  const uid = options.uid ?? BROWSER_UID;
  const home = await mkdtemp(path.join(tmpdir(), 'earshot-nobody-'));
  await trustInNssDb(home, options.caFile);
  const userDataDir = path.join(home, 'profile');
  await mkdir(userDataDir);
  // The wrapper Playwright starts: the same Chromium, as `uid`, keeping the pipe Playwright drives it through.
  const wrapper = path.join(home, 'chromium-as-user.sh');
  await writeFile(
    wrapper,
    `#!/bin/sh\nexec setpriv --reuid=${uid} --regid=${uid} --clear-groups -- ${CHROMIUM} "$@"\n`,
  );
  await chmod(wrapper, 0o755);
  await run('chown', ['-R', `${uid}:${uid}`, home]);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: wrapper,
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
