/** Where the feed content script runs. Mastodon instances are not listed: the user enables them at runtime. */
export const FEED_MATCHES = [
  'https://x.com/*',
  'https://twitter.com/*',
  'https://mobile.twitter.com/*',
  'https://bsky.app/*',
];

/** Test builds only (`wxt build --mode test`): the fixture pages served on loopback by the e2e harness. */
export const FIXTURE_MATCH = 'http://127.0.0.1/fixtures/*';

/** Bundle path of the feed content script, for runtime registration on Mastodon instances. */
export const FEED_SCRIPT_FILE = 'content-scripts/feed.js';
