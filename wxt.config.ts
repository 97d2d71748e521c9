import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/** Origins of the rooms service the extension may call. Local by default; a deployment adds its own. */
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
    permissions: ['storage', 'alarms', 'notifications', ...(browser === 'firefox' ? [] : ['offscreen'])],
    host_permissions: SERVICE_ORIGINS,
    action: { default_title: '__MSG_extName__' },
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
});
