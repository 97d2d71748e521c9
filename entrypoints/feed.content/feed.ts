/**
 * The feed controller: finds the page's site, makes the state the features share, and starts them. Each
 * feature is a module of ./features, started with the context and stopped by the content script's signal.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { readServiceUrl, watchServiceUrl } from '@/utils/feed/service-url';
import { type DetectedSite, detectSite } from '@/utils/feed/sites';
import { ask } from '@/utils/protocol/ask';
import { loadDirectory } from './features/directory';
import { showDock } from './features/dock';
import { loadLiveHosts } from './features/live-hosts';
import { decoratePosts } from './features/post-decorations';
import { showRoomBar } from './features/room-bar';
import { followTheme } from './features/theme';
import { type Ask, createFeedState, type FeedContext } from './feed-context';
import { createFeedPage } from './feed-page';
import { followSession } from './session';
import { createFeedUiMounter } from './shadow-ui';

export function startFeed(ctx: ContentScriptContext): void {
  const site = detectSite(location, document);
  if (!site || !document.body) return;
  void run(ctx, site).catch(() => undefined); // never break the page, never log into its console
}

async function run(ctx: ContentScriptContext, site: DetectedSite) {
  const { signal } = ctx;
  const { adapter } = site;
  const state = createFeedState(adapter, await readServiceUrl());
  watchServiceUrl((url) => {
    state.serviceUrl.value = url;
  }, signal);
  const page = createFeedPage(ctx, adapter, state);
  const context: FeedContext = {
    site,
    adapter,
    state,
    page,
    ui: createFeedUiMounter(state.theme),
    ask: askWhileValid(ctx),
  };
  followTheme(context, signal);
  showDock(context, signal);
  followSession(state.session, signal);
  // The first directory and live hosts before the first scan: the bar's rooms, and which posts to read.
  await Promise.all([loadDirectory(context, signal), loadLiveHosts(context, signal)]);
  showRoomBar(context, signal);
  decoratePosts(context, signal);
  page.start(signal);
}

/**
 * `ask`, except in a content script its extension left (reloaded, updated, removed): there WXT invalidates the
 * context, which removes the UIs and aborts the features, and the request never settles.
 */
function askWhileValid(ctx: ContentScriptContext): Ask {
  return ((...request: Parameters<Ask>) => (ctx.isInvalid ? ctx.block() : ask(...request))) as Ask;
}
