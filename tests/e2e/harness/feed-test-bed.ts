/**
 * What the feed tests (and `npm run bench:feed`) start from: the real stack, the fixture pages' server, a browser
 * with the extension pointed at the service, and a host account whose claimed handles are verified (so its posts
 * get the "Live" chip). `startFeedTestBed` adds the speaking demo bot, signed in as that host, with a live room.
 */
import { randomBytes } from 'node:crypto';
import { signUp, updateProfile } from '../../../scripts/lib/rooms-service-client';
import { type FixtureServer, startFixtureServer } from './fixture-server';
import { type BotProcess, type Stack, type StackOptions, startBot, startStack } from './stack';
import { type StartedParts, startedParts, stopAllIfFails } from './started-parts';

/** A browser the setup can point at the service and close: Chromium's `ExtensionBrowser` or Firefox's. */
export interface ServiceBrowser {
  useService(url: string): Promise<void>;
  close(): Promise<void>;
}

export interface FeedHostOptions {
  /** The start of the host's username; a random suffix makes it unique. */
  name: string;
  displayName: string;
  /** Handles the host claims, marked verified as a passed proof would (none: the profile is left alone). */
  handles?: ReadonlyArray<{ site: 'x' | 'bsky' | 'mastodon'; handle: string }>;
}

export interface FeedSetupOptions<B extends ServiceBrowser | undefined = undefined> {
  host: FeedHostOptions;
  stack?: StackOptions;
  /**
   * Launches the browser once the fixture server is up (alongside the stack), e.g. to serve the fixtures under
   * another name first. It is then pointed at the stack's service. None: no browser.
   */
  browser?: (fixtures: FixtureServer) => Promise<B>;
}

export interface FeedSetup<B extends ServiceBrowser | undefined = undefined> {
  stack: Stack;
  fixtures: FixtureServer;
  browser: B;
  host: { username: string; password: string; token: string; accountId: string };
  /** Stops what was started, the last started first (the bot, the browser, the fixture server and stack). */
  stop(): Promise<void>;
}

export interface FeedTestBedOptions<B extends ServiceBrowser | undefined = undefined>
  extends FeedSetupOptions<B> {
  /** The bot's room, hosted by the host account. */
  room: { title: string; botName?: string };
}

export interface FeedTestBed<B extends ServiceBrowser | undefined = undefined> extends FeedSetup<B> {
  bot: BotProcess;
  /** The room's link, as a post would carry it: `<service>/r/<room id>`. */
  roomLink: string;
}

/** Bob, who hosts in the feed tests: his handle on each site, as the fixture pages render his posts' authors. */
export const BOB_HANDLES = {
  x: 'hostbob',
  bsky: 'hostbob.bsky.social',
  mastodon: 'hostbob@mastodon.example',
} as const;

/** Bob as the host account (`name`: the start of its username), with his handles on the three sites. */
export const hostBob = (name: string): FeedHostOptions => ({
  name,
  displayName: 'Bob Host',
  handles: (['x', 'bsky', 'mastodon'] as const).map((site) => ({ site, handle: BOB_HANDLES[site] })),
});

/** Throws the first failure among settled results (after every one settled, so all started parts are known). */
function throwFirstFailure(results: PromiseSettledResult<unknown>[]): void {
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The stack and fixture server side by side (the browser launched once the fixtures are up), then the host. */
async function startSetupParts<B extends ServiceBrowser | undefined>(
  options: FeedSetupOptions<B>,
  parts: StartedParts,
): Promise<FeedSetup<B>> {
  let stack: Stack | undefined;
  let fixtures: FixtureServer | undefined;
  let browser: B | undefined;
  throwFirstFailure(
    await Promise.allSettled([
      startStack(options.stack).then((started) => {
        stack = parts.add(started, (part) => part.stop());
      }),
      startFixtureServer().then(async (started) => {
        fixtures = parts.add(started, (part) => part.close());
        const launched = await options.browser?.(started);
        browser = launched && parts.add(launched, (part) => part!.close());
      }),
    ]),
  );
  const serviceUrl = stack!.serviceUrl;
  const username = `${options.host.name}${randomBytes(3).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  const signedUp = await signUp(serviceUrl, { username, password, displayName: options.host.displayName });
  const handles = [...(options.host.handles ?? [])];
  if (handles.length > 0) {
    await updateProfile(serviceUrl, signedUp.session.token, { handles });
    await stack!.verifyHandles(signedUp.account.id, handles);
  }
  await browser?.useService(serviceUrl);
  return {
    stack: stack!,
    fixtures: fixtures!,
    browser: browser as B,
    host: { username, password, token: signedUp.session.token, accountId: signedUp.account.id },
    stop: () => parts.stopAll(),
  };
}

/** The stack, fixture server, browser and host, without a bot. If a step fails, what started is stopped. */
export async function startFeedSetup<B extends ServiceBrowser | undefined = undefined>(
  options: FeedSetupOptions<B>,
): Promise<FeedSetup<B>> {
  const parts = startedParts();
  return stopAllIfFails(parts, () => startSetupParts(options, parts));
}

/** `startFeedSetup`, then the demo bot signed in as the host with a live room (resolves once it speaks). */
export async function startFeedTestBed<B extends ServiceBrowser | undefined = undefined>(
  options: FeedTestBedOptions<B>,
): Promise<FeedTestBed<B>> {
  const parts = startedParts();
  return stopAllIfFails(parts, async () => {
    const setup = await startSetupParts(options, parts);
    process.env.DEMO_BOT_USERNAME = setup.host.username;
    process.env.DEMO_BOT_PASSWORD = setup.host.password;
    const args = ['--title', options.room.title, '--name', options.room.botName ?? 'Demo bot'];
    const bot = parts.add(await startBot(setup.stack.serviceUrl, args), (part) => part.stop());
    return { ...setup, bot, roomLink: `${setup.stack.serviceUrl}/r/${bot.roomId}` };
  });
}
