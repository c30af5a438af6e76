import { describe, expect, it } from 'vitest';
import { drawRecord, strataSummary, verifyDrawRecord, type DrawRecordSource } from '../../../src/domain/draw-record';
import { runDraw, seedHashOf, type DrawCandidates } from '../../../src/domain/draw';

const candidates: DrawCandidates & { inspectors: (DrawCandidates['inspectors'][number] & { supervisorId: number })[] } = {
  institutions: Array.from({ length: 12 }, (_, n) => ({
    code: `K${String(n).padStart(3, '0')}`,
    name: `机构${n}`,
    level: n < 3 ? '差' : '合格',
    risk: '中',
    type: '诊所',
    township: null,
    hospitalGrade: null,
  })),
  inspectors: Array.from({ length: 4 }, (_, n) => ({ enforcementNo: `ZF${n}`, name: `执法员${n}`, township: null, recusals: [], supervisorId: 100 + n })),
};
const plan = {
  rules: [
    { match: '差|*|*', percent: 100 },
    { match: '*', count: 2 },
  ],
  inspectorsPerItem: 2,
};
const seed = 'f'.repeat(64);
const source: DrawRecordSource = {
  id: 7,
  year: 2026,
  title: '2026年双随机抽查',
  kind: '双随机',
  regionName: '示范县',
  plan,
  algorithm: 'draw-v1',
  seedHash: seedHashOf(seed),
  seed,
  hashPublishedAt: '2026-03-01 09:00',
  drawnAt: '2026-03-08 09:00',
  candidates,
};
const items = runDraw('双随机', plan, candidates, seed).map((i) => ({ ...i, inspectors: i.inspectors.map((enforcementNo) => ({ enforcementNo })) }));

describe('draw record (draw.json)', () => {
  it('carries what a re-run needs and no account ids', () => {
    const r = drawRecord(source, items);
    expect(r).toMatchObject({ format: 'draw-record-v1', algorithm: 'draw-v1', seed, seedHash: seedHashOf(seed), region: '示范县' });
    expect(JSON.stringify(r)).not.toContain('supervisorId');
    expect(r?.result).toHaveLength(5);
    expect(drawRecord({ ...source, seed: null }, items)).toBeNull();
  });

  it('verifies the published list: 一致', () => {
    expect(verifyDrawRecord(drawRecord(source, items)!)).toEqual({ ok: true, items: 5 });
  });

  it('refuses a seed that does not match the hash published before the draw', () => {
    const r = drawRecord(source, items)!;
    expect(verifyDrawRecord({ ...r, seed: 'e'.repeat(64) })).toMatchObject({
      ok: false,
      code: 'seed-hash',
      message: expect.stringMatching(/种子与抽取前公布的哈希不符.*refused/),
    });
  });

  it('finds a tampered list: 不一致 with the first difference', () => {
    const r = drawRecord(source, items)!;
    const swapped = r.result.map((i, n) => (n === 3 ? { ...i, code: 'K011' === i.code ? 'K010' : 'K011' } : i));
    expect(verifyDrawRecord({ ...r, result: swapped })).toMatchObject({
      ok: false,
      code: 'different',
      message: expect.stringMatching(/^不一致 \/ different: 第 4 项/),
    });
  });

  it('reports an unknown algorithm and a record that cannot be recomputed', () => {
    const r = drawRecord(source, items)!;
    expect(verifyDrawRecord({ ...r, algorithm: 'draw-v9' })).toMatchObject({ ok: false, code: 'algorithm' });
    expect(verifyDrawRecord({ ...r, plan: { ...plan, inspectorsPerItem: 9 } })).toMatchObject({ ok: false, code: 'recompute' });
  });

  it('explains the strata', () => {
    expect(strataSummary('双随机', plan, candidates)).toEqual([
      { key: '合格|中|诊所', size: 9, rule: '2 家（*）', sample: 2 },
      { key: '差|中|诊所', size: 3, rule: '100%（差|*|*）', sample: 3 },
    ]);
    expect(strataSummary('双随机', { rules: [{ match: '差|*|*', percent: 100 }], inspectorsPerItem: 2 }, candidates)[0]?.rule).toBe('不抽取');
  });
});
