/**
 * Earshot in the feed (X, Bluesky, Mastodon): the room bar above the timeline, room cards in posts that link
 * to a room, a "Live" chip on posts by hosts who are live, and the mini-player dock while in a room.
 * Mastodon instances are added at runtime from the options page (see utils/feed/mastodon-instances.ts).
 */
import { FEED_MATCHES } from '@/utils/feed/matches';
import { startFeed } from './feed';

export default defineContentScript({
  matches: FEED_MATCHES,
  runAt: 'document_idle',
  // The UI's CSS is bundled as text and given to each shadow root (see shadow-ui.tsx): no stylesheet is
  // fetched per card, and nothing needs to be web-accessible on the sites.
  cssInjectionMode: 'manual',
  main(ctx) {
    startFeed(ctx);
  },
});
