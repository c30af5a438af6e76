// `npm run draw:verify -- FILE-OR-URL` on files: 一致 (exit 0), a tampered seed refused and a
// tampered list 不一致 (exit 1), usage and unreadable input (exit 2). The URL case runs in
// tests/e2e/draws.spec.ts against a published draw.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drawRecord } from '../../../src/domain/draw-record';
import { runDraw, seedHashOf } from '../../../src/domain/draw';

const ROOT = join(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'node_modules/.bin');
const dir = mkdtempSync(join(tmpdir(), 'draw-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function verify(...args: string[]) {
  const r = spawnSync(join(BIN, 'tsx'), ['scripts/draw-verify.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${BIN}${delimiter}${process.env['PATH'] ?? ''}` },
    timeout: 60_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const candidates = {
  institutions: Array.from({ length: 10 }, (_, n) => ({
    code: `V${n}00`,
    name: `机构${n}`,
    level: '合格',
    risk: '低',
    type: '诊所',
    township: null,
    hospitalGrade: null,
  })),
  inspectors: Array.from({ length: 3 }, (_, n) => ({ enforcementNo: `ZF${n}`, name: `执法员${n}`, township: null, recusals: [] })),
};
const plan = { rules: [{ match: '*', percent: 30 }], inspectorsPerItem: 2 };
const seed = 'cli-test-seed-0123456789';
const items = runDraw('双随机', plan, candidates, seed).map((i) => ({ ...i, inspectors: i.inspectors.map((enforcementNo) => ({ enforcementNo })) }));
const source = {
  id: 1,
  year: 2026,
  title: '测试抽查',
  kind: '双随机' as const,
  regionName: null,
  plan,
  algorithm: 'draw-v1',
  seedHash: seedHashOf(seed),
  seed,
  hashPublishedAt: null,
  drawnAt: null,
  candidates,
};
const record = drawRecord(source, items)!;
const file = (name: string, body: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
};

describe('draw:verify', () => {
  it('prints 一致 for a faithful record', () => {
    const r = verify(file('ok.json', record));
    expect(r.out).toContain('一致 / identical');
    expect(r.status).toBe(0);
  });

  it('refuses a seed whose hash was not published, and finds a changed list', () => {
    const seedRun = verify(file('seed.json', { ...record, seed: `${seed}x` }));
    expect(seedRun.status).toBe(1);
    expect(seedRun.out).toContain('种子与抽取前公布的哈希不符');
    const [a, b, ...rest] = record.result;
    const listRun = verify(file('list.json', { ...record, result: [b, a, ...rest] }));
    expect(listRun.status).toBe(1);
    expect(listRun.out).toContain('不一致 / different: 第 1 项');
  });

  it('with --hash, refuses a record rewritten after the draw (seed, hash and list together)', () => {
    const published = seedHashOf(seed);
    expect(verify(file('ok2.json', record), '--hash', published.toUpperCase())).toMatchObject({ status: 0, out: expect.stringContaining('一致 / identical') });
    const otherSeed = 'another-seed-chosen-later-0000';
    const otherItems = runDraw('双随机', plan, candidates, otherSeed).map((i) => ({
      ...i,
      inspectors: i.inspectors.map((enforcementNo) => ({ enforcementNo })),
    }));
    const rewritten = { ...drawRecord({ ...source, seed: otherSeed, seedHash: seedHashOf(otherSeed) }, otherItems)! };
    expect(verify(file('rewritten.json', rewritten)).status).toBe(0); // consistent with itself…
    const r = verify(file('rewritten2.json', rewritten), '--hash', published);
    expect(r.status).toBe(1); // …but not with the hash published before the draw
    expect(r.out).toContain('与抽取前公布的');
    expect(verify(file('ok3.json', record), '--hash', 'abc')).toMatchObject({ status: 2, out: expect.stringContaining('--hash 应为 64 位十六进制') });
  });

  it('explains usage and unreadable input (exit 2)', () => {
    expect(verify()).toMatchObject({ status: 2, out: expect.stringContaining('请给出 draw.json 的文件路径或网址') });
    expect(verify('a.json', 'b.json')).toMatchObject({ status: 2, out: expect.stringContaining('只能指定一个文件或网址') });
    expect(verify(join(dir, 'missing.json'))).toMatchObject({ status: 2, out: expect.stringContaining('无法读取') });
    expect(verify(file('bad.json', '{not json'))).toMatchObject({ status: 2, out: expect.stringContaining('不是 JSON') });
    expect(verify(file('other.json', { hello: 1 }))).toMatchObject({ status: 2, out: expect.stringContaining('不是抽取记录') });
    expect(verify('--help')).toMatchObject({ status: 0, out: expect.stringContaining('用法') });
  });
});
