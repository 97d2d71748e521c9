/**
 * The web player's own build: one script and one stylesheet with fixed names in `.output/web-player/`,
 * which the rooms service serves beside the share page (`/player/player.js`, cache-busted by content hash).
 *
 *   npx vite build -c web/player/vite.config.ts
 */
import path from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root,
  plugins: [preact()],
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: path.resolve(root, '../../.output/web-player'),
    emptyOutDir: true,
    // livekit-client is most of the bundle (~600 kB minified); BENCHMARKS.md has the measured sizes.
    chunkSizeWarningLimit: 700,
    target: 'es2022',
    rollupOptions: {
      input: path.resolve(root, 'src/main.tsx'),
      output: {
        entryFileNames: 'player.js',
        assetFileNames: 'player[extname]',
        // One file: the share page loads exactly one script.
        inlineDynamicImports: true,
      },
    },
  },
});
