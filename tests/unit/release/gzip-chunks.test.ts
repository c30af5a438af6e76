// The .gz of large files in content-cut pieces (src/release/gzip-chunks.ts): an ordinary gzip
// file, the same bytes for the same input, and a changed line changes only its own piece.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chunkedGzip, pieceEnds } from '../../../src/release/gzip-chunks';

/** A file like /data/institutions.json: one institution per line. */
function openData(n: number, change?: { line: number; text: string }): Buffer {
  const lines = ['{"title":"演示","institutions":['];
  for (let i = 0; i < n; i += 1) {
    const code = ((i * 2654435761) >>> 0).toString(36).toUpperCase().padStart(8, '0');
    lines.push(
      change?.line === i
        ? change.text
        : `{"code":"${code}","name":"虚构第${i}诊所","address":"演示县${i % 37}镇${i}号","level":"${['优秀', '合格', '差'][i % 3]}","penalties":[]},`,
    );
  }
  lines.push(']}');
  return Buffer.from(lines.join('\n') + '\n');
}

function pieces(buf: Buffer): string[] {
  let start = 0;
  return pieceEnds(buf).map((end) => {
    const s = buf.subarray(start, end).toString('latin1');
    start = end;
    return s;
  });
}

describe('chunkedGzip', () => {
  it('is a gzip file any gunzip reads back to the same bytes, empty and one-line files too', async () => {
    for (const buf of [openData(40_000), Buffer.alloc(0), Buffer.from('没有换行的一行'), Buffer.from('a\nb\n')]) {
      expect(zlib.gunzipSync(await chunkedGzip(buf)).equals(buf)).toBe(true);
    }
  });

  it('writes the same bytes for the same input (a full build and an incremental publish agree)', async () => {
    const buf = openData(5_000);
    expect((await chunkedGzip(buf)).equals(await chunkedGzip(Buffer.from(buf)))).toBe(true);
  });

  it('cuts pieces of 64 KiB to 512 KiB at line ends', () => {
    const buf = openData(40_000);
    const ends = pieceEnds(buf);
    expect(ends.at(-1)).toBe(buf.length);
    let start = 0;
    for (const end of ends.slice(0, -1)) {
      expect(buf[end - 1]).toBe(10);
      expect(end - start).toBeGreaterThanOrEqual(64 * 1024);
      expect(end - start).toBeLessThanOrEqual(512 * 1024 + 200);
      start = end;
    }
    // One long line is cut at the first line end after 512 KiB, never inside the line.
    expect(pieceEnds(Buffer.from('x'.repeat(600_000) + '\ny\n'))).toEqual([600_001, 600_003]);
  });

  it('a changed institution changes only the piece that holds it: the others stay byte for byte (cache hits)', () => {
    const before = pieces(openData(40_000));
    const after = pieces(openData(40_000, { line: 9_000, text: '{"code":"CHANGED1","name":"改了处罚的诊所","penalties":[{"decision_no":"演示"}]},' }));
    const kept = new Set(before);
    const changed = after.filter((p) => !kept.has(p));
    expect(before.length).toBeGreaterThan(15);
    expect(changed.length).toBeGreaterThanOrEqual(1);
    expect(changed.length).toBeLessThanOrEqual(2);
  });

  it('compresses as well as one gzip stream (within 2 %: each piece has the 32 KiB before it as its dictionary)', async () => {
    const buf = openData(40_000);
    const whole = zlib.gzipSync(buf, { level: 6 }).length;
    expect((await chunkedGzip(buf)).length).toBeLessThan(whole * 1.02);
  });
});
