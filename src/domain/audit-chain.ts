import crypto from 'node:crypto';

/**
 * The audit log's hash chain (等保 安全审计: records protected against deletion, alteration and
 * overwriting). Each row stores prev_hash (the hash of the row before it, GENESIS for the first)
 * and hash = H(prev_hash ‖ canonical text of the row), H = SM3 or SHA-256 as the row's hash_alg
 * says. The canonical text comes from the database function audit_canonical (0017), the one
 * definition shared by writer, verifier and the back-fill.
 *
 * Pure: the walk below takes rows in id order and says where the chain first breaks.
 */

export type AuditHashAlg = 'sm3' | 'sha256';

export const GENESIS = '0'.repeat(64);

export function chainHash(alg: AuditHashAlg, prevHash: string, canonical: string): string {
  return crypto
    .createHash(alg)
    .update(prevHash + canonical, 'utf8')
    .digest('hex');
}

export interface ChainRow {
  id: number;
  prevHash: string;
  hash: string;
  hashAlg: string;
  canonical: string;
}

export type ChainBreak =
  /** The row's content (or its id) is not what was hashed: edited, or moved to another id. */
  | { kind: 'altered'; id: number }
  /** The row does not follow the one before it: rows between were deleted, or this one was put in out of order. */
  | { kind: 'gap'; id: number; afterId: number | null };

export interface ChainState {
  prevHash: string;
  prevId: number | null;
  rows: number;
}

export function startChain(): ChainState {
  return { prevHash: GENESIS, prevId: null, rows: 0 };
}

/** Checks one row against the state after the rows before it; advances the state when it holds. */
export function stepChain(state: ChainState, row: ChainRow): ChainBreak | null {
  const alg = row.hashAlg === 'sm3' || row.hashAlg === 'sha256' ? row.hashAlg : null;
  if (!alg || chainHash(alg, row.prevHash, row.canonical) !== row.hash) return { kind: 'altered', id: row.id };
  if (row.prevHash !== state.prevHash) return { kind: 'gap', id: row.id, afterId: state.prevId };
  state.prevHash = row.hash;
  state.prevId = row.id;
  state.rows += 1;
  return null;
}

/** The sentence that names where the chain breaks (Chinese, for the CLI and the admin page). */
export function describeBreak(b: ChainBreak): string {
  if (b.kind === 'altered') return `第 ${b.id} 条审计记录的内容或编号被改动（哈希不符）`;
  return b.afterId === null
    ? `第 ${b.id} 条审计记录之前的记录被删除，或该条不是链的开头（前序哈希不符）`
    : `第 ${b.afterId} 条与第 ${b.id} 条审计记录之间有记录被删除或插入，或顺序被改变（前序哈希不符）`;
}

/** What a checkpoint signs: the head after `rowCount` rows ending at `lastId`. */
export function checkpointMessage(c: { lastId: number | null; rowCount: number; headHash: string }): string {
  return `audit-checkpoint/v1|${c.lastId ?? ''}|${c.rowCount}|${c.headHash}`;
}
