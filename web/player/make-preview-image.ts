/**
 * Draws the link-preview image (1200×630, what X, Bluesky and Mastodon show for `og:image`) at build time:
 * the Earshot mark on a purple field with a row of sound bars. No text: the card shows the room's title
 * and host beside it. Writes `.output/web-player/preview.png`.
 *
 *   npx tsx web/player/make-preview-image.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodePng } from '../../scripts/lib/png.ts';

export const PREVIEW_WIDTH = 1200;
export const PREVIEW_HEIGHT = 630;
const OUT_DIR = path.resolve(import.meta.dirname, '../../.output/web-player');

type Rgb = readonly [number, number, number];
const DEEP: Rgb = [76, 29, 149];
const PURPLE: Rgb = [109, 40, 217];
const WHITE: Rgb = [255, 255, 255];
const PALE: Rgb = [196, 181, 253];

/** The mark (a disc, a dot and two arcs: someone speaking) centred at (cx, cy), radius r. */
function inMark(px: number, py: number, cx: number, cy: number, r: number): boolean {
  const dx = px - (cx - r * 0.28);
  const dy = py - cy;
  const d = Math.hypot(dx, dy);
  if (d <= r * 0.16) return true;
  const facing = dx > 0 && Math.abs(dy) < dx * 1.1;
  return facing && ((d >= r * 0.34 && d <= r * 0.46) || (d >= r * 0.62 && d <= r * 0.74));
}

/** Sound bars: rounded columns of varying height, right of the mark. */
const BARS = [0.35, 0.6, 0.9, 0.55, 0.75, 1, 0.7, 0.45, 0.8, 0.5, 0.3];
function inBars(px: number, py: number): boolean {
  const left = 560;
  const step = 52;
  const width = 26;
  const index = Math.floor((px - left) / step);
  const bar = BARS[index];
  if (bar === undefined || px - left - index * step > width) return false;
  const half = bar * 170;
  const cx = left + index * step + width / 2;
  const top = 315 - half + width / 2;
  const bottom = 315 + half - width / 2;
  const y = Math.min(Math.max(py, top), bottom);
  return Math.hypot(px - cx, py - y) <= width / 2;
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * t) as never;

export function drawPreview(): Buffer {
  const rgb = new Uint8Array(PREVIEW_WIDTH * PREVIEW_HEIGHT * 3);
  const [cx, cy, r] = [300, 315, 190];
  for (let y = 0; y < PREVIEW_HEIGHT; y++) {
    for (let x = 0; x < PREVIEW_WIDTH; x++) {
      let color = mix(DEEP, PURPLE, (x + y) / (PREVIEW_WIDTH + PREVIEW_HEIGHT));
      // 2×2 supersampling for smooth edges.
      let disc = 0;
      let mark = 0;
      let bars = 0;
      for (const [sx, sy] of [
        [0.25, 0.25],
        [0.75, 0.25],
        [0.25, 0.75],
        [0.75, 0.75],
      ] as const) {
        const [px, py] = [x + sx, y + sy];
        if (Math.hypot(px - cx, py - cy) <= r) disc++;
        if (inMark(px, py, cx, cy, r)) mark++;
        if (inBars(px, py)) bars++;
      }
      color = mix(color, WHITE, disc / 4);
      color = mix(color, PURPLE, mark / 4);
      color = mix(color, PALE, bars / 4);
      rgb.set(color.map(Math.round), (y * PREVIEW_WIDTH + x) * 3);
    }
  }
  return encodePng({ width: PREVIEW_WIDTH, height: PREVIEW_HEIGHT, channels: 3, pixels: rgb }, { level: 9 });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(path.join(OUT_DIR, 'preview.png'), drawPreview());
  console.log(`wrote ${path.relative(process.cwd(), path.join(OUT_DIR, 'preview.png'))}`);
}
