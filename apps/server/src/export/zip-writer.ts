import fs from 'node:fs';
import { crc32, createDeflateRaw, constants as zlibConstants } from 'node:zlib';

/**
 * A zip file written as a stream, entry by entry, from files on disk: nothing is held in memory but
 * one chunk and the central directory (about 100 bytes per entry). Every entry is deflated (level 0,
 * stored blocks, for photos that do not compress) with a data descriptor after its data, as
 * streaming zip writers do. ZIP64 records are written where sizes, offsets or the number of
 * entries need them, so a tenant with many gigabytes of photos still gets a valid file.
 */
export interface ZipSource {
  /** Path inside the zip, with forward slashes. */
  name: string;
  path: string;
  /** Size on disk (decides whether the entry needs ZIP64 before it is written). */
  size: number;
  /** Compress (text) or only store in deflate's stored blocks (photos, already compressed). */
  compress: boolean;
  mtime: Date;
}

const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
/** Deflate's stored blocks add 5 bytes per 64 KiB (and a little at the end): room for that. */
const needsZip64 = (size: number) => size + Math.ceil(size / 16_384) + 1024 >= MAX32;

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

interface CentralEntry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  time: number;
  date: number;
  zip64: boolean;
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

export async function* zipStream(sources: Iterable<ZipSource> | AsyncIterable<ZipSource>, opts: { forceZip64?: boolean } = {}): AsyncGenerator<Buffer> {
  const central: CentralEntry[] = [];
  let offset = 0;
  const emit = (b: Buffer) => {
    offset += b.length;
    return b;
  };

  for await (const src of sources) {
    const name = Buffer.from(src.name, 'utf8');
    const zip64 = opts.forceZip64 === true || needsZip64(src.size);
    const { time, date } = dosDateTime(src.mtime);
    const start = offset;
    const extra = zip64 ? Buffer.concat([Buffer.from([0x01, 0x00, 0x10, 0x00]), u64(0), u64(0)]) : Buffer.alloc(0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(zip64 ? 45 : 20, 4);
    local.writeUInt16LE(0x0808, 6); // data descriptor follows; names are UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(0, 14);
    local.writeUInt32LE(zip64 ? MAX32 : 0, 18);
    local.writeUInt32LE(zip64 ? MAX32 : 0, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    yield emit(Buffer.concat([local, name, extra]));

    let crc = 0;
    let size = 0;
    let compressed = 0;
    const deflate = createDeflateRaw({ level: src.compress ? 6 : zlibConstants.Z_NO_COMPRESSION });
    const input = fs.createReadStream(src.path, { highWaterMark: 256 * 1024 });
    const feeding = (async () => {
      try {
        for await (const chunk of input as AsyncIterable<Buffer>) {
          crc = crc32(chunk, crc);
          size += chunk.length;
          if (!deflate.write(chunk)) {
            await new Promise((r) => {
              deflate.once('drain', r);
              deflate.once('close', r);
            });
          }
          if (deflate.destroyed) return;
        }
        deflate.end();
      } catch (err) {
        deflate.destroy(err as Error);
      }
    })();
    try {
      for await (const out of deflate as AsyncIterable<Buffer>) {
        compressed += out.length;
        yield emit(out);
      }
      await feeding;
    } finally {
      // Also when the reader stops early (a download cut off): no file handle is left open.
      input.destroy();
      deflate.destroy();
    }
    if (size !== src.size) throw new Error(`${src.path} changed while it was being zipped (${size} bytes, expected ${src.size})`);

    const descriptor = Buffer.alloc(zip64 ? 24 : 16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc, 4);
    if (zip64) {
      descriptor.writeBigUInt64LE(BigInt(compressed), 8);
      descriptor.writeBigUInt64LE(BigInt(size), 16);
    } else {
      descriptor.writeUInt32LE(compressed, 8);
      descriptor.writeUInt32LE(size, 12);
    }
    yield emit(descriptor);
    central.push({ name, crc, compressed, size, offset: start, time, date, zip64 });
  }

  const cdStart = offset;
  for (const e of central) {
    const big = (n: number) => opts.forceZip64 === true || n >= MAX32;
    const fields: Buffer[] = [];
    if (big(e.size)) fields.push(u64(e.size));
    if (big(e.compressed)) fields.push(u64(e.compressed));
    if (big(e.offset)) fields.push(u64(e.offset));
    const extra = fields.length > 0 ? Buffer.concat([Buffer.from([0x01, 0x00, fields.length * 8, 0x00]), ...fields]) : Buffer.alloc(0);
    const zip64 = e.zip64 || fields.length > 0;
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt16LE((3 << 8) | 45, 4); // made by: Unix, spec 4.5
    h.writeUInt16LE(zip64 ? 45 : 20, 6);
    h.writeUInt16LE(0x0808, 8);
    h.writeUInt16LE(8, 10);
    h.writeUInt16LE(e.time, 12);
    h.writeUInt16LE(e.date, 14);
    h.writeUInt32LE(e.crc, 16);
    h.writeUInt32LE(big(e.compressed) ? MAX32 : e.compressed, 20);
    h.writeUInt32LE(big(e.size) ? MAX32 : e.size, 24);
    h.writeUInt16LE(e.name.length, 28);
    h.writeUInt16LE(extra.length, 30);
    h.writeUInt16LE(0, 32);
    h.writeUInt16LE(0, 34);
    h.writeUInt16LE(0, 36);
    h.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    h.writeUInt32LE(big(e.offset) ? MAX32 : e.offset, 42);
    yield emit(Buffer.concat([h, e.name, extra]));
  }
  const cdSize = offset - cdStart;
  const count = central.length;
  const zip64End = opts.forceZip64 === true || count >= MAX16 || cdStart >= MAX32 || cdSize >= MAX32;
  if (zip64End) {
    const recordAt = offset;
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE((3 << 8) | 45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeUInt32LE(0, 16);
    rec.writeUInt32LE(0, 20);
    rec.writeBigUInt64LE(BigInt(count), 24);
    rec.writeBigUInt64LE(BigInt(count), 32);
    rec.writeBigUInt64LE(BigInt(cdSize), 40);
    rec.writeBigUInt64LE(BigInt(cdStart), 48);
    yield emit(rec);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeUInt32LE(0, 4);
    locator.writeBigUInt64LE(BigInt(recordAt), 8);
    locator.writeUInt32LE(1, 16);
    yield emit(locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(zip64End ? MAX16 : count, 8);
  end.writeUInt16LE(zip64End ? MAX16 : count, 10);
  end.writeUInt32LE(zip64End ? MAX32 : cdSize, 12);
  end.writeUInt32LE(zip64End ? MAX32 : cdStart, 16);
  end.writeUInt16LE(0, 20);
  yield emit(end);
}
