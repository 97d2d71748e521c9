/** A minimal PNG encoder for images drawn in code (the extension's icons, the web player's preview image). */
import { deflateSync, type ZlibOptions } from 'node:zlib';

export interface PngImage {
  width: number;
  height: number;
  /** 3: RGB, 4: RGBA; 8 bits each. */
  channels: 3 | 4;
  /** The pixels, row by row, `channels` bytes each. */
  pixels: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** PNG colour types by channel count. */
const COLOR_TYPE = { 3: 2, 4: 6 } as const;

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

/** The PNG file: one IDAT, every row unfiltered (filter byte 0), compressed with `deflate` options. */
export function encodePng(image: PngImage, deflate: ZlibOptions = {}): Buffer {
  const { width, height, channels, pixels } = image;
  const rowBytes = width * channels;
  const rows = Buffer.alloc((1 + rowBytes) * height);
  for (let y = 0; y < height; y++) {
    rows.set(pixels.subarray(y * rowBytes, (y + 1) * rowBytes), y * (1 + rowBytes) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, COLOR_TYPE[channels], 0, 0, 0], 8);
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, deflate)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
