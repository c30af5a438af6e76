// Issue 18 item 1: the audit log's hash chain. `npm run audit:verify` passes on the demo data;
// editing, deleting or reordering one row (as the superuser, trigger set aside) makes it fail
// naming that row; a rewrite of the whole chain is caught by a signed checkpoint; the application
// role may insert audit rows but not update or delete them; concurrent appends keep one chain.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql, runScript } from '../../support/db';
import { loadDemoData } from '../../../src/demo/load';
import { loadDemoAccounts } from '../../../src/demo/demo-accounts';
import { recordAudit, writeAudit } from '../../../src/db/audit-log';
import { transaction, type Tx } from '../../../src/db/client';
import { verifyAuditChain, writeCheckpoint } from '../../../src/server/audit-chain';
import { chainHash } from '../../../src/domain/audit-chain';

const db = useTestDatabase();

beforeAll(async () => {
  await loadDemoData({ institutions: 30, seed: 3 });
  await loadDemoAccounts();
  for (let i = 0; i < 6; i++) await recordAudit({ actor: null, actorName: `tester${i}`, action: 'logout', ip: '10.0.0.1', detail: { i, 说明: '测试' } });
}, 120_000);

const runVerify = (...args: string[]) => runScript('audit-verify.ts', db.url(), args);

/** Runs `tamper` as the superuser with the append-only trigger set aside, verifies, then `undo`s the same way. */
async function tampered(tamper: string, undo: string) {
  const asOwner = (stmt: string) =>
    sql.begin(async (tx) => {
      await tx.unsafe('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await tx.unsafe(stmt);
      await tx.unsafe('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    });
  await asOwner(tamper);
  const result = await verifyAuditChain({ batch: 100 });
  await asOwner(undo);
  expect(await verifyAuditChain(), 'undone').toMatchObject({ ok: true });
  return result;
}

async function ids(): Promise<number[]> {
  return (await sql<{ id: string }[]>`SELECT a.id::text FROM audit_log a ORDER BY a.id`).map((r) => Number(r.id));
}

describe('audit chain', () => {
  it('every row written through writeAudit is chained with SM3 by default', async () => {
    const rows = await sql<
      { id: string; prev_hash: string; hash: string; hash_alg: string }[]
    >`SELECT a.id::text, a.prev_hash, a.hash, a.hash_alg FROM audit_log a ORDER BY a.id`;
    expect(rows.length).toBeGreaterThan(6);
    expect(new Set(rows.map((r) => r.hash_alg))).toEqual(new Set(['sm3']));
    rows.slice(1).forEach((r, i) => expect(r.prev_hash).toBe(rows[i]!.hash));
    const [demo] = await sql`SELECT id FROM audit_log WHERE action = 'demo_data.load'`;
    expect(demo).toBeDefined();
  });

  it('npm run audit:verify passes on the demo data, records the run, and --checkpoint signs the head', async () => {
    const r = runVerify('--checkpoint');
    expect(r.out).toContain('审计日志完整');
    expect(r.out).toMatch(/已签署检查点 #\d+/);
    expect(r.code).toBe(0);
    const [v] = await sql`SELECT ok, rows_checked::int AS n FROM audit_verifications ORDER BY id DESC LIMIT 1`;
    expect(v).toMatchObject({ ok: true });
    expect((v as { n: number }).n).toBeGreaterThan(6);
    const [cp] = await sql`SELECT mac_alg, row_count::int AS n FROM audit_checkpoints ORDER BY id DESC LIMIT 1`;
    expect(cp).toMatchObject({ mac_alg: 'hmac-sm3' });
  });

  it('refuses bad arguments in Chinese', () => {
    const r = runVerify('--batch', '5');
    expect(r.code).toBe(1);
    expect(r.out).toContain('--batch 必须是 100 到 100000 之间的整数');
  });

  it('an edited row fails the walk, naming it; the CLI exits non-zero', async () => {
    const all = await ids();
    const target = all[3]!;
    const result = await tampered(`UPDATE audit_log SET reason = '改过的原因' WHERE id = ${target}`, `UPDATE audit_log SET reason = NULL WHERE id = ${target}`);
    expect(result).toMatchObject({ ok: false, firstBadId: target });
    expect(result.message).toContain(`第 ${target} 条审计记录的内容或编号被改动`);
    expect((await verifyAuditChain()).ok).toBe(true); // undone: whole again
  });

  it('the CLI names the altered row and exits 2', async () => {
    const all = await ids();
    const target = all[2]!;
    await sql.begin(async (tx) => {
      await tx.unsafe('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await tx`UPDATE audit_log SET ip = '6.6.6.6' WHERE id = ${target}`;
      await tx.unsafe('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    });
    const r = runVerify();
    expect(r.code).toBe(2);
    expect(r.out).toContain(`第 ${target} 条审计记录的内容或编号被改动`);
    await sql.begin(async (tx) => {
      await tx.unsafe('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await tx`UPDATE audit_log SET ip = NULL WHERE id = ${target}`;
      await tx.unsafe('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    });
    // The page shows the failure until the next passing run.
    const [v] = await sql`SELECT v.ok, v.first_bad_id::int AS bad FROM audit_verifications v ORDER BY v.id DESC LIMIT 1`;
    expect(v).toMatchObject({ ok: false, bad: target });
  });

  it('a deleted row fails the walk at the row after the gap', async () => {
    const all = await ids();
    const [victim, next] = [all[4]!, all[5]!];
    await sql`CREATE TABLE saved AS SELECT * FROM audit_log WHERE id = ${victim}`;
    const result = await tampered(`DELETE FROM audit_log WHERE id = ${victim}`, 'INSERT INTO audit_log SELECT * FROM saved');
    await sql`DROP TABLE saved`;
    expect(result).toMatchObject({ ok: false, firstBadId: next });
    expect(result.message).toContain(`第 ${all[3]!} 条与第 ${next} 条审计记录之间有记录被删除或插入`);
  });

  it('two rows swapped (reordered) fail the walk at the first of them', async () => {
    const all = await ids();
    const [a, b] = [all[1]!, all[2]!];
    const swap = `UPDATE audit_log SET id = CASE id WHEN ${a} THEN -1 ELSE id END WHERE id = ${a};
                  UPDATE audit_log SET id = ${a} WHERE id = ${b}; UPDATE audit_log SET id = ${b} WHERE id = -1`;
    const result = await tampered(swap, swap);
    expect(result).toMatchObject({ ok: false, firstBadId: a });
  });

  it('a row inserted out of order (forged into an id gap) fails the walk', async () => {
    const all = await ids();
    const gap = all[0]! - 1 > 0 ? all[0]! - 1 : null;
    const last = all.at(-1)!;
    const forgedId = gap ?? last + 1000;
    const prev = '0'.repeat(64);
    const canonical = '[]';
    const result = await tampered(
      `INSERT INTO audit_log (id, actor_name, action, prev_hash, hash, hash_alg) VALUES (${forgedId}, 'x', 'logout', '${prev}', '${chainHash('sm3', prev, canonical)}', 'sm3')`,
      `DELETE FROM audit_log WHERE id = ${forgedId}`,
    );
    expect(result).toMatchObject({ ok: false, firstBadId: forgedId });
  });

  it('a row inserted around writeAudit (no chain columns) is named', async () => {
    const result = await tampered(`INSERT INTO audit_log (id, actor_name, action) VALUES (999999, 'dba', 'logout')`, 'DELETE FROM audit_log WHERE id = 999999');
    expect(result).toMatchObject({ ok: false, firstBadId: 999999 });
  });

  it('a rewrite of the whole chain with fresh hashes is caught by the signed checkpoint', async () => {
    await writeCheckpoint();
    const all = await ids();
    const target = all[1]!;
    // Rewrite row `target` and re-hash it and every row after it, as an attacker without the key can.
    const rehash = async (reason: string | null) => {
      await sql.begin(async (tx) => {
        await tx.unsafe('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
        await tx`UPDATE audit_log SET reason = ${reason} WHERE id = ${target}`;
        const rows = await tx<{ id: string; prev_hash: string; canonical: string }[]>`
          SELECT a.id::text, a.prev_hash, audit_canonical(a.id, a.at, a.actor_id, a.actor_name, a.action, a.target_kind, a.target_id, a.reason, a.detail, a.ip) AS canonical
            FROM audit_log a WHERE a.id >= ${target} ORDER BY a.id`;
        let prev = rows[0]!.prev_hash;
        for (const r of rows) {
          const h = chainHash('sm3', prev, r.canonical);
          await tx`UPDATE audit_log SET prev_hash = ${prev}, hash = ${h}, hash_alg = 'sm3' WHERE id = ${r.id}`;
          prev = h;
        }
        await tx`UPDATE audit_chain_head SET last_hash = ${prev}`;
        await tx.unsafe('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
      });
    };
    const [orig] = await sql<{ reason: string | null }[]>`SELECT reason FROM audit_log WHERE id = ${target}`;
    await rehash('伪造');
    const result = await verifyAuditChain();
    await rehash(orig!.reason);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/与检查点 #\d+.*不符/);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('deleting the newest rows is caught by the chain head', async () => {
    await recordAudit({ actor: null, actorName: 'tail', action: 'logout' });
    const last = (await ids()).at(-1)!;
    await sql`CREATE TABLE saved_tail AS SELECT * FROM audit_log WHERE id = ${last}`;
    const result = await tampered(`DELETE FROM audit_log WHERE id = ${last}`, 'INSERT INTO audit_log SELECT * FROM saved_tail');
    await sql`DROP TABLE saved_tail`;
    expect(result.ok).toBe(false);
    expect(result.message).toContain('末尾的记录被删除');
  });

  it('concurrent appends from many transactions stay one chain in id order', async () => {
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        transaction(async (tx) => {
          await writeAudit(tx, { actor: null, actorName: `p${i}`, action: 'logout' });
          await tx`SELECT pg_sleep(0.01)`;
          await writeAudit(tx, { actor: null, actorName: `q${i}`, action: 'logout' });
        }),
      ),
    );
    // A rolled-back append leaves a gap in the ids, not a break in the chain.
    await transaction(async (tx) => {
      await writeAudit(tx, { actor: null, actorName: 'rolled-back', action: 'logout' });
      throw new Error('rollback');
    }).catch(() => {});
    await recordAudit({ actor: null, actorName: 'after', action: 'logout' });
    expect(await verifyAuditChain()).toMatchObject({ ok: true, firstBadId: null });
  });

  it('the application role may insert audit rows but not update, delete or truncate them', async () => {
    const asApp = <T>(fn: (tx: Tx) => Promise<T>) =>
      sql.begin(async (tx) => {
        await tx`SET LOCAL ROLE credit_app`;
        return fn(tx);
      });
    await asApp((tx) => writeAudit(tx, { actor: null, actorName: 'app-role', action: 'logout' }));
    for (const stmt of ['UPDATE audit_log SET reason = NULL', 'DELETE FROM audit_log', 'TRUNCATE audit_log', 'DELETE FROM audit_checkpoints']) {
      await expect(
        asApp((tx) => tx.unsafe(stmt)),
        stmt,
      ).rejects.toMatchObject({ code: '42501' });
    }
    // The owner (and so the embedded superuser) is refused by the trigger.
    await expect(sql`UPDATE audit_log SET reason = NULL`).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_checkpoints`).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});

describe('rows chained by migration 0017 (before the upgrade)', () => {
  it('the back-fill formula (SHA-256 in SQL) is the one the verifier checks', async () => {
    const [row] = await sql<{ canonical: string; sqlHash: string }[]>`
      SELECT c AS canonical, encode(sha256(convert_to(${'0'.repeat(64)} || c, 'UTF8')), 'hex') AS "sqlHash"
        FROM (SELECT audit_canonical(a.id, a.at, a.actor_id, a.actor_name, a.action, a.target_kind, a.target_id, a.reason, a.detail, a.ip) AS c
                FROM audit_log a WHERE a.detail ? '说明' ORDER BY a.id LIMIT 1) x`;
    expect(row!.canonical).toContain('说明');
    expect(row!.sqlHash).toBe(chainHash('sha256', '0'.repeat(64), row!.canonical));
  });
});
