/**
 * The web player's built files (`npm run build:web` → `.output/web-player/`), served under `/player/`.
 * Only the known names are served; each carries a content version so pages can link them cache-busted.
 * When the player is not built, the share page still shows the room (without the Listen button).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PlayerAssets } from './share-page.ts';

/** Where `npm run build:web` puts the player; `EARSHOT_WEB_PLAYER_DIR` points elsewhere (tests, deployments). */
export const webPlayerDir = () =>
  process.env.EARSHOT_WEB_PLAYER_DIR ?? path.resolve(import.meta.dirname, '../.output/web-player');

const CONTENT_TYPES = {
  'player.js': 'text/javascript; charset=utf-8',
  'player.css': 'text/css; charset=utf-8',
  'preview.png': 'image/png',
} as const;

export type PlayerFileName = keyof typeof CONTENT_TYPES;

export interface PlayerFile {
  bytes: Buffer;
  contentType: string;
  /** A short hash of the content. */
  version: string;
}

export const isPlayerFileName = (name: string): name is PlayerFileName => Object.hasOwn(CONTENT_TYPES, name);

export function createWebPlayerFiles(dir: string = webPlayerDir()) {
  // Read again only when the file changed on disk (a rebuild while the service runs).
  const cache = new Map<PlayerFileName, { mtimeMs: number; file: PlayerFile }>();

  async function file(name: PlayerFileName): Promise<PlayerFile | undefined> {
    const full = path.join(dir, name);
    const info = await stat(full).catch(() => undefined);
    if (!info) return undefined;
    const cached = cache.get(name);
    if (cached?.mtimeMs === info.mtimeMs) return cached.file;
    const bytes = await readFile(full);
    const version = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
    const loaded = { bytes, contentType: CONTENT_TYPES[name], version };
    cache.set(name, { mtimeMs: info.mtimeMs, file: loaded });
    return loaded;
  }

  const link = async (name: PlayerFileName) => {
    const found = await file(name);
    return found ? `/player/${name}?v=${found.version}` : undefined;
  };

  return {
    file,
    async assets(): Promise<PlayerAssets> {
      const [script, style, previewImage] = await Promise.all([
        link('player.js'),
        link('player.css'),
        link('preview.png'),
      ]);
      return { script, style, previewImage };
    },
  };
}

export type WebPlayerFiles = ReturnType<typeof createWebPlayerFiles>;
