import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { FEED_SCRIPT_FILE, FIXTURE_MATCH } from './utils/feed/matches';

const EXTENSION_PAGES_CSP =
  "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/**
 * Fixed host permissions: loopback only, for a server on the user's own machine (the dev default, `npm start`,
 * the tests). Any other Earshot server is chosen at run time (first run, options) and its origin asked for then,
 * from the optional https host permission below (http:// is refused outside loopback). Loopback stays fixed rather than
 * optional: it reaches nothing beyond this machine, and the e2e tests and `npm start` store a loopback serviceUrl
 * directly, with no page to ask from (a headless browser never settles a permission prompt).
 */
const SERVICE_ORIGINS = ['http://127.0.0.1/*', 'http://localhost/*'];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  // The offscreen engine carries livekit-client (~580 kB minified); see BENCHMARKS.md for measured sizes.
  vite: () => ({ plugins: [preact()], build: { chunkSizeWarningLimit: 700 } }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // `scripting`: the options page registers the feed content script on the Mastodon instances the user enables.
    // `webRequest` (observe only): tells an untrusted certificate from a server that is down when one is chosen.
    permissions: [
      'storage',
      'alarms',
      'notifications',
      'scripting',
      'webRequest',
      ...(browser === 'firefox' ? [] : ['offscreen']),
    ],
    host_permissions: SERVICE_ORIGINS,
    // The chosen Earshot server (popup first run, options) and Mastodon instances: each asked for at run time.
    ...(browser === 'firefox'
      ? { optional_permissions: ['https://*/*'] }
      : { optional_host_permissions: ['https://*/*'] }),
    action: { default_title: '__MSG_extName__' },
    // Extension pages run only the extension's own scripts: no eval, no plugins, no <base>, never framed.
    content_security_policy:
      browser === 'firefox' ? EXTENSION_PAGES_CSP : { extension_pages: EXTENSION_PAGES_CSP },
    commands: {
      'toggle-mute': {
        suggested_key: { default: 'Alt+Shift+M' },
        description: '__MSG_commandToggleMute__',
      },
      'leave-room': {
        suggested_key: { default: 'Alt+Shift+L' },
        description: '__MSG_commandLeave__',
      },
    },
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: { id: 'earshot@earshot.audio', data_collection_permissions: { required: ['none'] } },
      },
    }),
  }),
  // Store packages (`npm run zip`): .output/earshot-<version>-chrome.zip, -firefox.zip and, for Firefox's review,
  // -sources.zip: what building the extension needs (see PERMISSIONS.md, "Building from the sources zip"),
  // without the rooms service, the web player, deployment files, scripts, tests or test output.
  zip: {
    excludeSources: [
      'server/**',
      'web/**',
      'deploy/**',
      'scripts/**',
      'tests/**',
      'vitest.*',
      'test-results/**',
      '**/*.log',
    ],
  },
  hooks: {
    // `wxt build --mode test` (built into .output/chrome-mv3-test by `npm test`): the feed content script also
    // runs on the loopback fixture pages of the e2e tests. Production builds never carry this match.
    'build:manifestGenerated'(wxt, manifest) {
      if (wxt.config.mode !== 'test') return;
      for (const script of manifest.content_scripts ?? []) {
        if (script.js?.includes(FEED_SCRIPT_FILE))
          script.matches = [...(script.matches ?? []), FIXTURE_MATCH];
      }
    },
  },
});
