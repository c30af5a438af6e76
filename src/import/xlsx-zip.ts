/**
 * Looks inside an XLSX file (a ZIP archive) before exceljs inflates it, so a zip bomb — a few
 * hundred KB that inflate to gigabytes — is refused with a sentence instead of taking the server's
 * memory (issue 17, item 10).
 *
 * The central directory at the end of the archive lists every entry with its compressed and
 * uncompressed size; those declared sizes are checked first (cheap). A malicious archive can
 * declare small sizes and still inflate to more, so every entry is then inflated once as a stream,
 * counting bytes and discarding them, and refused as soon as it exceeds what it declared. Memory
 * stays at one zlib window; time is a fraction of what exceljs spends afterwards.
 */
import { createInflateRaw } from 'node:zlib';

/** Everything in the archive, unpacked: a 100,000-row register with 16 columns unpacks to 77 MB (and takes exceljs ≈ 850 MB). */
export const XLSX_MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
/** Entries in one archive: a workbook has a few dozen. */
const MAX_ENTRIES = 10_000;
/**
 * Inflate ratio above which an entry is a bomb: sheet XML compresses ≈ 10–30 ×, repeated empty
 * styled cells up to a few hundred ×; bombs are 1,000 × and more. Small entries are exempt.
 */
const MAX_RATIO = 500;
const RATIO_EXEMPT_BYTES = 1024 * 1024;

export type ZipProblem =
  { kind: 'not-zip' } | { kind: 'not-xlsx' } | { kind: 'encrypted' } | { kind: 'too-large'; unpackedBytes: number } | { kind: 'bomb'; entry: string };

export class XlsxZipError extends Error {
  constructor(readonly problem: ZipProblem) {
    super(problem.kind);
    this.name = 'XlsxZipError';
  }
}

interface Entry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

function u64(b: Buffer, at: number): number {
  const v = b.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new XlsxZipError({ kind: 'not-zip' });
  return Number(v);
}

function findEndOfCentralDirectory(b: Buffer): number {
  const stop = Math.max(0, b.length - 22 - 0xffff);
  for (let i = b.length - 22; i >= stop; i -= 1) if (b.readUInt32LE(i) === SIG_EOCD) return i;
  throw new XlsxZipError({ kind: 'not-zip' });
}

/** The central directory's entries; throws XlsxZipError('not-zip') for anything malformed. */
export function zipEntries(bytes: Uint8Array): Entry[] {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 22) throw new XlsxZipError({ kind: 'not-zip' });
  const eocd = findEndOfCentralDirectory(b);
  let count = b.readUInt16LE(eocd + 10);
  let offset = b.readUInt32LE(eocd + 16);
  if ((count === 0xffff || offset === MAX32) && eocd >= 20 && b.readUInt32LE(eocd - 20) === SIG_EOCD64_LOCATOR) {
    const at = u64(b, eocd - 20 + 8);
    if (at + 56 > b.length || b.readUInt32LE(at) !== SIG_EOCD64) throw new XlsxZipError({ kind: 'not-zip' });
    count = u64(b, at + 32);
    offset = u64(b, at + 48);
  }
  if (count > MAX_ENTRIES) throw new XlsxZipError({ kind: 'not-xlsx' });
  const entries: Entry[] = [];
  let p = offset;
  for (let i = 0; i < count; i += 1) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== SIG_CENTRAL) throw new XlsxZipError({ kind: 'not-zip' });
    const nameLength = b.readUInt16LE(p + 28);
    const extraLength = b.readUInt16LE(p + 30);
    const commentLength = b.readUInt16LE(p + 32);
    if (p + 46 + nameLength + extraLength > b.length) throw new XlsxZipError({ kind: 'not-zip' });
    const entry: Entry = {
      name: b.toString('utf8', p + 46, p + 46 + nameLength),
      flags: b.readUInt16LE(p + 8),
      method: b.readUInt16LE(p + 10),
      compressedSize: b.readUInt32LE(p + 20),
      size: b.readUInt32LE(p + 24),
      localOffset: b.readUInt32LE(p + 42),
    };
    // ZIP64: the 32-bit fields that overflowed are in extra field 0x0001, in this order.
    let e = p + 46 + nameLength;
    const end = e + extraLength;
    while (e + 4 <= end) {
      const id = b.readUInt16LE(e);
      const length = b.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        for (const field of ['size', 'compressedSize', 'localOffset'] as const) {
          if (entry[field] !== MAX32) continue;
          if (q + 8 > e + 4 + length) throw new XlsxZipError({ kind: 'not-zip' });
          entry[field] = u64(b, q);
          q += 8;
        }
      }
      e += 4 + length;
    }
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates one entry as a stream, counting; rejects past `limit` bytes or on corrupt data. */
function inflatedSize(data: Buffer, limit: number, name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let total = 0;
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        finish(() => {
          reject(new XlsxZipError({ kind: 'bomb', entry: name }));
        });
        inflate.destroy();
      }
    });
    inflate.on('error', () => {
      finish(() => {
        reject(new XlsxZipError({ kind: 'not-zip' }));
      });
    });
    inflate.on('end', () => {
      finish(() => {
        resolve(total);
      });
    });
    inflate.end(data);
  });
}

/**
 * Checks an XLSX archive before it is inflated: a real ZIP with a workbook, not encrypted, at most
 * XLSX_MAX_UNPACKED_BYTES unpacked, no entry inflating past its declared size or beyond a bomb's
 * ratio. Throws XlsxZipError.
 */
export async function checkXlsxZip(bytes: Uint8Array): Promise<void> {
  const entries = zipEntries(bytes);
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) throw new XlsxZipError({ kind: 'not-xlsx' });
  let declared = 0;
  for (const e of entries) {
    if (e.flags & 1) throw new XlsxZipError({ kind: 'encrypted' });
    declared += e.size;
    if (e.size > RATIO_EXEMPT_BYTES && e.size > e.compressedSize * MAX_RATIO) throw new XlsxZipError({ kind: 'bomb', entry: e.name });
  }
  if (declared > XLSX_MAX_UNPACKED_BYTES) throw new XlsxZipError({ kind: 'too-large', unpackedBytes: declared });
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const e of entries) {
    const at = e.localOffset;
    if (at + 30 > b.length || b.readUInt32LE(at) !== SIG_LOCAL) throw new XlsxZipError({ kind: 'not-zip' });
    const start = at + 30 + b.readUInt16LE(at + 26) + b.readUInt16LE(at + 28);
    if (start + e.compressedSize > b.length) throw new XlsxZipError({ kind: 'not-zip' });
    const data = b.subarray(start, start + e.compressedSize);
    if (e.method === 0) {
      if (e.compressedSize !== e.size) throw new XlsxZipError({ kind: 'not-zip' });
    } else if (e.method === 8) {
      // An entry may not inflate past what it declared (the declared total is bounded above).
      await inflatedSize(data, e.size, e.name);
    } else {
      throw new XlsxZipError({ kind: 'not-xlsx' });
    }
  }
}
