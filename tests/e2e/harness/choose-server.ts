/**
 * The popup's first-run screen with the build's default server prefilled: grant that site the way the
 * Site access setting does (headless Chromium never settles a permission prompt), then Use this server.
 */
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from './browser';
import { message } from './locale';

export async function chooseDefaultServer(
  browser: ExtensionBrowser,
  popup: Page,
  origin: string,
): Promise<void> {
  await grantHostPermission(browser, origin);
  await popup.getByRole('button', { name: message('en', 'serverUse') }).click();
}

/** Grants the extension `origin` as chrome://extensions' Site access setting does, with no prompt. */
export async function grantHostPermission(browser: ExtensionBrowser, origin: string): Promise<void> {
  const settings = await browser.context.newPage();
  await settings.goto('chrome://extensions/');
  await settings.evaluate(
    ([id, pattern]) =>
      (
        globalThis as unknown as {
          chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } };
        }
      ).chrome.developerPrivate.addHostPermission(id!, pattern!),
    [browser.extensionId, `${origin}/*`],
  );
  await settings.close();
}
