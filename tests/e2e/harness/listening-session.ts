/** A listener already in a room: the setup shared by the fault tests that start from "the extension plays a room". */
import type { Page } from 'playwright-core';
import { type ExtensionBrowser, launchExtensionBrowser } from './browser';
import { waitForAudio } from './engine-probe';
import { type BotProcess, type Stack, type StackOptions, startBot, startStack } from './stack';
import { startedParts, stopAllIfFails } from './started-parts';

export interface ListeningSessionOptions {
  /** The bot's room title: the popup's "Join <title>" button is the one clicked. */
  title: string;
  /** The bot's display name (default "Demo bot"). */
  botName?: string;
  /** More arguments for `scripts/demo-bot.ts`, after the title and name. */
  botArgs?: string[];
  stack?: StackOptions;
  browser?: Parameters<typeof launchExtensionBrowser>[0];
  /** Click Join and wait until audio arrives (default true); otherwise stop with the popup open. */
  join?: boolean;
}

export interface ListeningSession {
  stack: Stack;
  bot: BotProcess;
  browser: ExtensionBrowser;
  /** The popup that joined, still open: close it when the test does not need it. */
  popup: Page;
  /** Closes the browser, stops the bot, then the stack. */
  close(): Promise<void>;
}

/**
 * Starts the real stack and a speaking bot, launches Chromium with the extension pointed at the stack's
 * service, opens the popup, joins the bot's room and waits for its audio (`waitForAudio`, default timeout).
 * If a step fails, what was already started is stopped before the error is thrown.
 */
export async function startListening(options: ListeningSessionOptions): Promise<ListeningSession> {
  const parts = startedParts();
  return stopAllIfFails(parts, async () => {
    const stack = parts.add(await startStack(options.stack), (part) => part.stop());
    const botArgs = [
      '--title',
      options.title,
      '--name',
      options.botName ?? 'Demo bot',
      ...(options.botArgs ?? []),
    ];
    const bot = parts.add(await startBot(stack.serviceUrl, botArgs), (part) => part.stop());
    const browser = parts.add(await launchExtensionBrowser(options.browser), (part) => part.close());
    await browser.useService(stack.serviceUrl);
    const popup = await browser.openPage('popup.html');
    if (options.join ?? true) {
      await popup.getByRole('button', { name: `Join ${options.title}` }).click();
      await waitForAudio(browser);
    }
    return { stack, bot, browser, popup, close: () => parts.stopAll() };
  });
}
