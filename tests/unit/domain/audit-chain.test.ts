// The audit chain's walk (src/domain/audit-chain.ts): GB/T 22239-2019 8.1.4.3 c) "应对审计记录进行保护，
// 定期备份，避免受到未预期的删除、修改或覆盖等" — every kind of break is named by its row.
import { describe, expect, it } from 'vitest';
import { GENESIS, chainHash, checkpointMessage, describeBreak, startChain, stepChain, type ChainRow } from '../../../src/domain/audit-chain';

function chain(n: number, alg: 'sm3' | 'sha256' = 'sm3'): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS;
  for (let i = 1; i <= n; i++) {
    const canonical = JSON.stringify([String(i), 'login', `用户${i}`]);
    const hash = chainHash(alg, prev, canonical);
    rows.push({ id: i * 10, prevHash: prev, hash, hashAlg: alg, canonical });
    prev = hash;
  }
  return rows;
}

function walk(rows: ChainRow[]) {
  const state = startChain();
  for (const r of rows) {
    const b = stepChain(state, r);
    if (b) return b;
  }
  return state;
}

describe('stepChain', () => {
  it('accepts an intact chain in SM3 and in SHA-256, and a mix', () => {
    expect(walk(chain(5))).toMatchObject({ rows: 5, prevId: 50 });
    expect(walk(chain(3, 'sha256'))).toMatchObject({ rows: 3 });
    const sha = chain(2, 'sha256');
    const canonical = '["3"]';
    const next = { id: 30, prevHash: sha[1]!.hash, hashAlg: 'sm3', canonical, hash: chainHash('sm3', sha[1]!.hash, canonical) };
    expect(walk([...sha, next])).toMatchObject({ rows: 3 });
  });

  it('SM3 and SHA-256 give different 64-hex digests', () => {
    expect(chainHash('sm3', GENESIS, 'x')).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash('sm3', GENESIS, 'x')).not.toBe(chainHash('sha256', GENESIS, 'x'));
  });

  it('names an altered row', () => {
    const rows = chain(4);
    rows[2] = { ...rows[2]!, canonical: rows[2]!.canonical.replace('用户3', '用户X') };
    expect(walk(rows)).toEqual({ kind: 'altered', id: 30 });
  });

  it('names a row whose algorithm tag is unknown as altered', () => {
    const rows = chain(2);
    rows[1] = { ...rows[1]!, hashAlg: 'md5' };
    expect(walk(rows)).toEqual({ kind: 'altered', id: 20 });
  });

  it('names the row after a deleted one, and the row before the gap', () => {
    const rows = chain(4);
    rows.splice(1, 1);
    expect(walk(rows)).toEqual({ kind: 'gap', id: 30, afterId: 10 });
  });

  it('a deleted first row is named at the new first row', () => {
    expect(walk(chain(3).slice(1))).toEqual({ kind: 'gap', id: 20, afterId: null });
  });

  it('two rows in swapped order break at the first of them', () => {
    const rows = chain(4);
    [rows[1], rows[2]] = [rows[2]!, rows[1]!];
    expect(walk(rows)).toEqual({ kind: 'gap', id: 30, afterId: 10 });
  });
});

describe('describeBreak and checkpointMessage', () => {
  it('say which row, in Chinese', () => {
    expect(describeBreak({ kind: 'altered', id: 7 })).toBe('第 7 条审计记录的内容或编号被改动（哈希不符）');
    expect(describeBreak({ kind: 'gap', id: 9, afterId: 7 })).toContain('第 7 条与第 9 条审计记录之间有记录被删除或插入');
    expect(describeBreak({ kind: 'gap', id: 9, afterId: null })).toContain('第 9 条审计记录之前的记录被删除');
  });

  it('binds last id, count and head hash', () => {
    expect(checkpointMessage({ lastId: 5, rowCount: 4, headHash: 'ab' })).toBe('audit-checkpoint/v1|5|4|ab');
    expect(checkpointMessage({ lastId: null, rowCount: 0, headHash: GENESIS })).toBe(`audit-checkpoint/v1||0|${GENESIS}`);
  });
});
