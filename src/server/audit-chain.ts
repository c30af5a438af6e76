import crypto from 'node:crypto';
import { config } from '../config';
import { derivedKey } from './secrets';
import { transaction } from '../db/client';
import { writeAudit } from '../db/audit-log';
import {
  chainHead,
  inChainSnapshot,
  insertCheckpoint,
  listCheckpoints,
  recordVerification,
  streamChain,
  type ChainHead,
  type Checkpoint,
  type VerificationResult,
} from '../db/audit-chain';
import { checkpointMessage, describeBreak, startChain, stepChain, type ChainBreak } from '../domain/audit-chain';

/**
 * Signed checkpoints of the audit chain and the verification walk (`npm run audit:verify`).
 *
 * Anyone with the database's superuser can rewrite every row and recompute every hash (SM3 needs
 * no key), so the chain alone proves only that nothing changed since the last honest read. A
 * checkpoint signs the head (hash, row count, last id) with HMAC-SM3 under a key derived from the
 * master key, which lives outside the database (PII_KEY or DATA_DIR/secrets): a rewrite before a
 * checkpoint cannot be re-signed without it. `writeCheckpoint` is what a scheduler calls (hourly
 * is plenty); the pg-boss scheduler of another part only needs to call it.
 */

const MAC_ALG = 'hmac-sm3';

function checkpointKey(): Buffer {
  return derivedKey('audit-checkpoint', 'sm3');
}

function macOf(head: Pick<ChainHead, 'lastId' | 'rowCount' | 'lastHash'>): string {
  return crypto
    .createHmac('sm3', checkpointKey())
    .update(checkpointMessage({ lastId: head.lastId, rowCount: head.rowCount, headHash: head.lastHash }), 'utf8')
    .digest('hex');
}

function macValid(c: Checkpoint): boolean {
  const want = Buffer.from(macOf(c), 'hex');
  const got = Buffer.from(c.mac, 'hex');
  return c.macAlg === MAC_ALG && got.length === want.length && crypto.timingSafeEqual(got, want);
}

/** Signs the current head into audit_checkpoints, and says so in the audit log (same transaction). */
export async function writeCheckpoint(): Promise<ChainHead & { id: number }> {
  return transaction(async (tx) => {
    const cp = await insertCheckpoint(tx, (head) => ({ macAlg: MAC_ALG, mac: macOf(head) }));
    await writeAudit(tx, {
      actor: null,
      actorName: 'cli',
      action: 'audit.checkpoint',
      targetKind: 'audit_checkpoint',
      targetId: cp.id,
      detail: { rows: cp.rowCount, lastId: cp.lastId },
    });
    return cp;
  });
}

interface Walk {
  rows: number;
  broken: ChainBreak | null;
  checkpointProblem: { id: number | null; message: string } | null;
}

async function walk(batch: number, onProgress: (rows: number, total: number) => void): Promise<Walk & { head: ChainHead }> {
  return inChainSnapshot(async (tx) => {
    const head = await chainHead(tx);
    const checkpoints = await listCheckpoints(tx);
    const byLastId = new Map(checkpoints.filter((c) => c.lastId !== null).map((c) => [c.lastId, c]));
    const seen = new Set<Checkpoint>();
    const state = startChain();
    // Filled in by the cursor's callback (an object: TypeScript does not see assignments made in a callback).
    const found: Pick<Walk, 'broken' | 'checkpointProblem'> = { broken: null, checkpointProblem: null };
    const stopped = () => found.broken !== null || found.checkpointProblem !== null;
    await streamChain(tx, batch, (rows) => {
      for (const row of rows) {
        if (stopped()) return;
        found.broken = stepChain(state, row);
        if (found.broken) return;
        const cp = byLastId.get(row.id);
        if (!cp) continue;
        seen.add(cp);
        if (!macValid(cp)) found.checkpointProblem = { id: row.id, message: `检查点 #${cp.id} 的签名无效（检查点被改动，或密钥不是签名时的密钥）` };
        else if (cp.lastHash !== row.hash || cp.rowCount !== state.rows)
          found.checkpointProblem = { id: row.id, message: `第 ${row.id} 条审计记录与检查点 #${cp.id}（${cp.at}）不符：此前的记录被整体改写、删除或插入` };
      }
      onProgress(state.rows, head.rowCount);
    });
    if (!stopped()) {
      const missing = checkpoints.find((c) => c.lastId !== null && !seen.has(c));
      if (missing)
        found.checkpointProblem = {
          id: missing.lastId,
          message: `检查点 #${missing.id}（${missing.at}）签署的第 ${missing.lastId} 条审计记录已不存在（被删除）`,
        };
      else if (state.prevHash !== head.lastHash || state.rows !== head.rowCount)
        found.checkpointProblem = {
          id: head.lastId,
          message: `审计日志末尾的记录被删除：链头记录 ${head.rowCount} 条、最后一条为第 ${head.lastId ?? '—'} 条，实际 ${state.rows} 条、最后一条为第 ${state.prevId ?? '—'} 条`,
        };
    }
    return { rows: state.rows, ...found, head };
  });
}

/**
 * Walks the whole chain (streamed), checks every checkpoint on the way and the head at the end,
 * and records the result (the admin audit page shows the latest). `batch` rows per round trip.
 */
export async function verifyAuditChain(opts: { batch?: number; onProgress?: (rows: number, total: number) => void } = {}): Promise<VerificationResult> {
  const started = performance.now();
  const w = await walk(opts.batch ?? 5000, opts.onProgress ?? (() => {}));
  const durationMs = Math.round(performance.now() - started);
  const result: VerificationResult = w.broken
    ? { ok: false, rowsChecked: w.rows, firstBadId: w.broken.id, message: describeBreak(w.broken), durationMs }
    : w.checkpointProblem
      ? { ok: false, rowsChecked: w.rows, firstBadId: w.checkpointProblem.id, message: w.checkpointProblem.message, durationMs }
      : {
          ok: true,
          rowsChecked: w.rows,
          firstBadId: null,
          message: `审计日志完整：${w.rows} 条记录的哈希链与全部检查点一致（新记录使用 ${config.AUDIT_HASH.toUpperCase()}）`,
          durationMs,
        };
  await recordVerification(result);
  return result;
}
