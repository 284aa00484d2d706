import { deflateSync } from 'node:zlib';

/**
 * A PNG encoder small enough to read: RGBA rows, filter 0, one IDAT. Used at build time to draw the
 * app's icons, so no binary files live in the repository.
 */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * The Fieldkeep mark: a white "F" on the brand navy, drawn on a 32-unit grid (the same shape as the
 * favicon in index.html). Full-bleed, so it also works as a maskable icon (the F sits in the safe zone).
 */
export function drawIcon(size: number): Buffer {
  const navy = [0x0b, 0x1f, 0x3a, 0xff];
  const white = [0xff, 0xff, 0xff, 0xff];
  // Rectangles of the F in grid units [x0, y0, x1, y1).
  const rects = [
    [10, 8, 23, 12],
    [10, 12, 14, 26],
    [14, 16, 22, 20],
  ] as const;
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const gx = (x / size) * 32;
      const gy = (y / size) * 32;
      const inF = rects.some(([x0, y0, x1, y1]) => gx >= x0 && gx < x1 && gy >= y0 && gy < y1);
      rgba.set(inF ? white : navy, (y * size + x) * 4);
    }
  }
  return encodePng(size, size, rgba);
}
