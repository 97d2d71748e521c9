/**
 * Draws the extension icon (a purple disc with sound rings) at the sizes the manifest wants, as PNGs in
 * public/icon/. Run once after changing the design: `npx tsx scripts/make-icons.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { encodePng } from './lib/png.ts';

const PURPLE = [109, 40, 217];
const WHITE = [255, 255, 255];

/** Coverage of a pixel by a shape, by 4×4 supersampling, for smooth edges. */
function coverage(x: number, y: number, inside: (px: number, py: number) => boolean): number {
  let hits = 0;
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) if (inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4)) hits++;
  return hits / 16;
}

function icon(size: number): Buffer {
  const c = size / 2;
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const disc = coverage(x, y, (px, py) => Math.hypot(px - c, py - c) <= c * 0.96);
      // A dot and two arcs to its right: someone speaking.
      const mark = coverage(x, y, (px, py) => {
        const dx = px - c * 0.72;
        const dy = py - c;
        const r = Math.hypot(dx, dy);
        if (r <= c * 0.16) return true;
        const facing = dx > 0 && Math.abs(dy) < dx * 1.1;
        return facing && ((r >= c * 0.34 && r <= c * 0.46) || (r >= c * 0.62 && r <= c * 0.74));
      });
      const color = PURPLE.map((p, i) => Math.round(p * (1 - mark) + WHITE[i]! * mark));
      pixels.set([...color, Math.round(disc * 255)], (y * size + x) * 4);
    }
  }
  return encodePng({ width: size, height: size, channels: 4, pixels });
}

mkdirSync('public/icon', { recursive: true });
for (const size of [16, 32, 48, 96, 128]) writeFileSync(`public/icon/${size}.png`, icon(size));
console.log('wrote public/icon/{16,32,48,96,128}.png');
