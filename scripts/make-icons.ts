/**
 * Draws the extension icon (a purple disc with sound rings) at the sizes the manifest wants, as PNGs in
 * public/icon/. Run once after changing the design: `npx tsx scripts/make-icons.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const PURPLE = [109, 40, 217];
const WHITE = [255, 255, 255];

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Coverage of a pixel by a shape, by 4×4 supersampling, for smooth edges. */
function coverage(x: number, y: number, inside: (px: number, py: number) => boolean): number {
  let hits = 0;
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) if (inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4)) hits++;
  return hits / 16;
}

function icon(size: number): Buffer {
  const c = size / 2;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
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
      row.set([...color, Math.round(disc * 255)], 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync('public/icon', { recursive: true });
for (const size of [16, 32, 48, 96, 128]) writeFileSync(`public/icon/${size}.png`, icon(size));
console.log('wrote public/icon/{16,32,48,96,128}.png');
