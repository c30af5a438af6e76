import crypto from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/**
 * The `.gz` of a large file (the open data: ≈ 130 MB at 100,000 institutions) in pieces cut by its
 * content, each compressed on its own and cached by its hash, so that a publish which changed one
 * institution recompresses two pieces instead of the whole file (docs/scale.md, "Compressing large
 * files"). The result is one ordinary gzip member, built as pigz builds it: each piece is
 * compressed with the 32 KiB before it as its dictionary (so it compresses as well as one stream)
 * and ends with a sync flush (byte-aligned), then an empty final block, the CRC-32 and the length.
 * It depends only on the bytes of the file, so a full build and an incremental publish write the
 * same `.gz`. Pieces end after a line whose first bytes hash to a multiple of PIECE_MODULUS once
 * the piece holds MIN_PIECE bytes (or at MAX_PIECE): a changed line moves no boundary but its own
 * piece's, and changes the dictionary of the next.
 */

export const CHUNKED_MIN = 1 << 20;
/** At least deflate's window: a piece's dictionary (the 32 KiB before it) lies in the piece before. */
const MIN_PIECE = 64 * 1024;
const MAX_PIECE = 512 * 1024;
const WINDOW = 32 * 1024;
const PIECE_MODULUS = 32;
const HASHED_BYTES = 32;
/** The cache holds at most this many compressed bytes (then starts again). */
const CACHE_MAX = 256 * 1024 * 1024;

const deflateRaw = promisify(zlib.deflateRaw);
/** Pieces compressed at the same time (zlib's thread pool has four threads). */
const PARALLEL = 4;
const LEVEL = 6;

/** Compressed pieces by the hash of their bytes, shared by every file and publish of this process. */
const cache = new Map<string, Buffer>();
let cachedBytes = 0;

/** Where the pieces of `buf` end (exclusive offsets; the last is buf.length). */
export function pieceEnds(buf: Buffer): number[] {
  const ends: number[] = [];
  let start = 0;
  let line = 0;
  while (line < buf.length) {
    const nl = buf.indexOf(10, line);
    const end = nl === -1 ? buf.length : nl + 1;
    let h = 0x811c9dc5;
    for (let i = line; i < Math.min(end, line + HASHED_BYTES); i += 1) h = Math.imul(h ^ (buf[i] ?? 0), 0x01000193);
    const size = end - start;
    if (end === buf.length || size >= MAX_PIECE || (size >= MIN_PIECE && (h >>> 0) % PIECE_MODULUS === 0)) {
      ends.push(end);
      start = end;
    }
    line = end;
  }
  return ends;
}

const hashOf = (bytes: Buffer): string => crypto.createHash('sha1').update(bytes).digest('base64');

/** A piece compressed with the 32 KiB before it as its dictionary; cached by its own and its predecessor's hash. */
async function piece(bytes: Buffer, hash: string, before: { bytes: Buffer; hash: string } | null): Promise<Buffer> {
  const key = before ? `${before.hash}/${hash}` : hash;
  const known = cache.get(key);
  if (known) return known;
  const out = await deflateRaw(bytes, {
    level: LEVEL,
    finishFlush: zlib.constants.Z_SYNC_FLUSH,
    ...(before ? { dictionary: before.bytes.subarray(Math.max(0, before.bytes.length - WINDOW)) } : {}),
  });
  if (cachedBytes + out.length > CACHE_MAX) {
    cache.clear();
    cachedBytes = 0;
  }
  cache.set(key, out);
  cachedBytes += out.length;
  return out;
}

/** gzip header: no name, no time (the same bytes whenever it is built), OS "Unix". */
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
/** An empty final deflate block. */
const FINAL = zlib.deflateRawSync(Buffer.alloc(0));

export async function chunkedGzip(buf: Buffer): Promise<Buffer> {
  let start = 0;
  const pieces = pieceEnds(buf).map((end) => {
    const bytes = buf.subarray(start, end);
    start = end;
    return { bytes, hash: hashOf(bytes) };
  });
  // A few at a time: zlib's thread pool compresses them in parallel, and each compression under way
  // holds its own zlib state (≈ 256 KB at level 6, zlib's documented figure): not a thousand at once.
  const out: Buffer[] = new Array<Buffer>(pieces.length);
  let next = 0;
  const work = async () => {
    for (let i = next++; i < pieces.length; i = next++) {
      const p = pieces[i];
      if (p) out[i] = await piece(p.bytes, p.hash, pieces[i - 1] ?? null);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, work));
  const parts: Buffer[] = [HEADER, ...out];
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(buf) >>> 0, 0);
  trailer.writeUInt32LE(buf.length >>> 0, 4);
  parts.push(FINAL, trailer);
  return Buffer.concat(parts);
}
