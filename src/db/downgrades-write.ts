import { jsonb, transaction, type Tx } from './client';
import { auditedInsert, writeAudit, type AuditAction } from './audit-log';
import { institutionInScope } from './points-read';
import { requirePermission, type Actor } from '../domain/roles';
import { DomainError } from '../domain/errors';
import type { CreditEvaluationInput, CreditLevel } from '../domain/credit-level';
import {
  approvalBlocker,
  checkFinding,
  DOWNGRADE_TRANSITIONS,
  isDowngradeProposer,
  levelInForce,
  nextPosterVersion,
  rescoreOutcome,
  type DowngradeAction,
  type DowngradeFindingSource,
  type DowngradeState,
  type RescoreOutcome,
} from '../domain/downgrade';
import { decideTransition } from '../domain/lifecycle-transitions';
import type { IsoDate } from '../domain/working-days';

/**
 * Writing a downgrade during the year (seed 001 附件1 七(二)): the finding, the re-score, the
 * report, and the commission's decision. Every statement that writes is scoped to the actor's
 * jurisdiction and checks the role in SQL again; each action and its reason go to the audit log
 * in the same transaction. The annual evaluation row is never changed: the level in force is the
 * annual level lowered by the approved downgrades (public-read → supervision.ts publicLevelView).
 */

export interface NewFinding {
  institutionId: number;
  foundOn: IsoDate;
  source: DowngradeFindingSource;
  finding: string;
  linkKind: 'inspection' | 'penalty' | 'complaint' | null;
  linkRef: string | null;
}

interface CurrentEvaluation {
  id: number;
  year: number;
  evaluatedOn: IsoDate;
  level: CreditLevel;
  approved: CreditLevel[];
}

/** The institution's latest evaluation up to `asOf`, with the levels of its approved downgrades. */
async function currentEvaluation(tx: Tx, institutionId: number, asOf: IsoDate): Promise<CurrentEvaluation | null> {
  const [e] = await tx<CurrentEvaluation[]>`
    SELECT e.id, e.year, e.evaluated_on::text AS "evaluatedOn", e.level,
           coalesce(ARRAY(SELECT d.to_level FROM downgrades d WHERE d.evaluation_id = e.id AND d.state = 'downgraded'), '{}') AS approved
      FROM evaluations e
     WHERE e.institution_id = ${institutionId} AND e.evaluated_on <= ${asOf}::date
     ORDER BY e.year DESC LIMIT 1`;
  return e ?? null;
}

const CAN_WRITE = '{admin,district}';

export async function recordFinding(actor: Actor, f: NewFinding, today: IsoDate, ip: string | null): Promise<number> {
  requirePermission(actor, 'credit.write');
  return transaction(async (tx) => {
    const [inst] = await tx`
      SELECT i.id FROM institutions i
       WHERE i.id = ${f.institutionId} AND ${institutionInScope(actor)} AND supervisor_has_role(${actor.id}, ${CAN_WRITE})
       FOR UPDATE OF i`;
    if (!inst) throw new DomainError('机构：不存在或不在您的辖区内', 'not-found');
    const e = await currentEvaluation(tx, f.institutionId, today);
    if (!e) throw new DomainError('该机构还没有信用评价结果，不能降级（请先录入年度评价）', 'conflict');
    const currentLevel = levelInForce(e.level, e.approved);
    const issues = checkFinding({ year: e.year, evaluatedOn: e.evaluatedOn, currentLevel }, { ...f, description: f.finding, link: null }, today);
    if (issues.length > 0) throw new DomainError(issues.join('；'), 'invalid');
    const [open] = await tx`SELECT id FROM downgrades WHERE evaluation_id = ${e.id} AND state IN ('found','rescored','submitted')`;
    if (open) throw new DomainError(`该机构已有一件办理中的降级记录（#${String(open['id'])}），请在其中重新评分`, 'conflict');
    const rows = await tx<{ id: number }[]>`
      INSERT INTO downgrades (evaluation_id, state, found_on, source, reason, link_kind, link_ref, from_level, found_by)
      VALUES (${e.id}, 'found', ${f.foundOn}, ${f.source}, ${f.finding}, ${f.linkKind}, ${f.linkRef}, ${currentLevel}, ${actor.id})
      RETURNING id`;
    return auditedInsert(tx, rows, {
      actor,
      action: 'downgrade.find',
      targetKind: 'downgrade',
      reason: f.finding,
      ip,
      detail: { institutionId: f.institutionId, evaluationId: e.id, foundOn: f.foundOn, source: f.source, linkKind: f.linkKind, linkRef: f.linkRef },
    });
  });
}

interface Locked {
  id: number;
  state: DowngradeState;
  institutionId: number;
  evaluationId: number;
  annualLevel: CreditLevel;
  foundOn: IsoDate | null;
  rescoredOn: IsoDate | null;
  rescoreInput: CreditEvaluationInput | null;
  foundBy: number | null;
  rescoredBy: number | null;
  proposedBy: number | null;
  posterVersion: number;
}

async function lockDowngrade(tx: Tx, actor: Actor, id: number): Promise<Locked> {
  const [row] = await tx<Locked[]>`
    SELECT d.id, d.state, i.id AS "institutionId", e.id AS "evaluationId", e.level AS "annualLevel",
           d.found_on::text AS "foundOn", d.rescored_on::text AS "rescoredOn", d.rescore_input AS "rescoreInput",
           d.found_by AS "foundBy", d.rescored_by AS "rescoredBy", d.proposed_by AS "proposedBy", i.poster_version AS "posterVersion"
      FROM downgrades d JOIN evaluations e ON e.id = d.evaluation_id JOIN institutions i ON i.id = e.institution_id
     WHERE d.id = ${id} AND ${institutionInScope(actor)}
       FOR UPDATE OF d, i`;
  if (!row) throw new DomainError('降级记录不存在，或不在您的辖区内', 'not-found');
  return row;
}

/** The level in force for this downgrade: the annual level lowered by the OTHER approved downgrades. */
async function levelBefore(tx: Tx, d: Locked): Promise<CreditLevel> {
  const others = await tx<{ toLevel: CreditLevel }[]>`
    SELECT to_level AS "toLevel" FROM downgrades WHERE evaluation_id = ${d.evaluationId} AND state = 'downgraded' AND id <> ${d.id}`;
  return levelInForce(
    d.annualLevel,
    others.map((o) => o.toLevel),
  );
}

/**
 * One step of DOWNGRADE_TRANSITIONS: decide (state, role, second person), write the new state
 * with the role checked again in SQL, let `apply` write the step's own columns, audit with the reason.
 */
async function move<T>(
  actor: Actor,
  id: number,
  action: DowngradeAction,
  reason: string,
  ip: string | null,
  apply: (tx: Tx, d: Locked) => Promise<{ result: T; detail?: Record<string, unknown> }>,
): Promise<T> {
  requirePermission(actor, action === 'approve' ? 'credit.approve' : 'credit.write');
  return transaction(async (tx) => {
    const d = await lockDowngrade(tx, actor, id);
    const decision = decideTransition(DOWNGRADE_TRANSITIONS, d.state, action, {
      role: actor.role,
      inJurisdiction: true, // lockDowngrade found it within the actor's regions
      isProposer: isDowngradeProposer(actor.id, d),
    });
    if (!decision.ok) {
      const allowedHere = DOWNGRADE_TRANSITIONS.rules.some((r) => r.action === action && r.from.includes(d.state));
      throw new DomainError(decision.message, allowedHere ? 'forbidden' : 'conflict');
    }
    const rule = DOWNGRADE_TRANSITIONS.rules.find((r) => r.action === action && r.from.includes(d.state));
    const roles = `{${(rule?.roles ?? []).join(',')}}`;
    // The step's own columns first, then the state (the table's CHECKs look at both together).
    const { result, detail } = await apply(tx, d);
    const [ok] = await tx`
      UPDATE downgrades SET state = ${decision.next}, updated_at = now()
       WHERE id = ${id} AND supervisor_has_role(${actor.id}, ${roles}) RETURNING id`;
    if (!ok) throw new DomainError('您的账户没有执行此操作的权限。', 'forbidden');
    await writeAudit(tx, {
      actor,
      action: `downgrade.${action}` as AuditAction,
      targetKind: 'downgrade',
      targetId: id,
      reason,
      ip,
      detail: { from: d.state, to: decision.next, institutionId: d.institutionId, ...detail },
    });
    return result;
  });
}

/**
 * The re-score on the on-site sheet (录入重新评分): stored with what it decides. A re-score that
 * does not lower the level is kept too (the screen then offers 撤回 / 不予降级 only).
 */
export async function rescoreDowngrade(
  actor: Actor,
  id: number,
  rescoredOn: IsoDate,
  input: CreditEvaluationInput,
  reason: string,
  today: IsoDate,
  ip: string | null,
): Promise<RescoreOutcome> {
  return move(actor, id, 'rescore', reason, ip, async (tx, d) => {
    if (d.foundOn && rescoredOn < d.foundOn) throw new DomainError('重新评分日期：不能早于发现日期', 'invalid');
    if (rescoredOn > today) throw new DomainError('重新评分日期：不能晚于今天', 'invalid');
    const from = await levelBefore(tx, d);
    const outcome = rescoreOutcome(from, input);
    await tx`
      UPDATE downgrades
         SET rescored_on = ${rescoredOn}, rescore_input = ${jsonb(input)}, new_score = ${outcome.scoreHundredths / 100},
             rescore_level = ${outcome.downgrade ? outcome.newLevel : outcome.rescoreLevel},
             rescore_reasons = ${outcome.downgrade ? outcome.reasons : []}, from_level = ${from}, rescored_by = ${actor.id}
       WHERE id = ${id}`;
    return { result: outcome, detail: { rescoredOn, score: outcome.scoreText, downgrade: outcome.downgrade } };
  });
}

/** The stored re-score's outcome against the level in force now (it may have changed since). */
async function storedOutcome(tx: Tx, d: Locked): Promise<RescoreOutcome> {
  if (!d.rescoreInput) throw new DomainError('尚未录入重新评分', 'conflict');
  return rescoreOutcome(await levelBefore(tx, d), d.rescoreInput);
}

/** 上报评价小组审查: only a re-score that lowers the level is reported. */
export function submitDowngrade(actor: Actor, id: number, reason: string, ip: string | null): Promise<void> {
  return move(actor, id, 'submit', reason, ip, async (tx, d) => {
    const blocker = approvalBlocker(await storedOutcome(tx, d));
    if (blocker) throw new DomainError(`${blocker}；请撤回，或由委机关决定不予降级`, 'conflict');
    await tx`UPDATE downgrades SET proposed_by = ${actor.id} WHERE id = ${id}`;
    return { result: undefined };
  });
}

export interface Approval {
  institutionId: number;
  fromLevel: CreditLevel;
  toLevel: CreditLevel;
  posterVersion: number;
}

/**
 * 审查通过 (second person): the downgrade takes effect on `decidedOn`; the printed level changes,
 * so the institution's poster version increases (七(三) "及时更新信用级别标识"). The 降级通知书 is
 * issued after this commits (handlers/admin/downgrades.ts), and fills notice_no.
 */
export function approveDowngrade(actor: Actor, id: number, reason: string, decidedOn: IsoDate, ip: string | null): Promise<Approval> {
  return move(actor, id, 'approve', reason, ip, async (tx, d) => {
    const outcome = await storedOutcome(tx, d);
    if (!outcome.downgrade) throw new DomainError(outcome.message, 'conflict');
    if (d.rescoredOn && decidedOn < d.rescoredOn) throw new DomainError('审查日期：不能早于重新评分日期', 'invalid');
    const posterVersion = nextPosterVersion(d.posterVersion, true);
    await tx`
      UPDATE downgrades SET decided_on = ${decidedOn}, from_level = ${outcome.fromLevel}, to_level = ${outcome.newLevel},
                            rescore_reasons = ${outcome.reasons}, decided_by = ${actor.id}, decision_note = ${reason}
       WHERE id = ${id}`;
    await tx`UPDATE institutions SET poster_version = ${posterVersion}, updated_at = now() WHERE id = ${d.institutionId}`;
    const result = { institutionId: d.institutionId, fromLevel: outcome.fromLevel, toLevel: outcome.newLevel, posterVersion };
    return { result, detail: { fromLevel: outcome.fromLevel, toLevel: outcome.newLevel, posterVersion } };
  });
}

/** 退回补正 / 不予降级 / 撤回: the reason is kept with the record. */
export function closeDowngrade(actor: Actor, id: number, action: 'return' | 'dismiss' | 'withdraw', reason: string, ip: string | null): Promise<void> {
  return move(actor, id, action, reason, ip, async (tx) => {
    await tx`UPDATE downgrades SET decision_note = ${reason}, decided_by = ${actor.id} WHERE id = ${id}`;
    return { result: undefined };
  });
}

/** 按复核决定撤销降级: the level in force goes back, so the poster changes again. */
export function revokeDowngrade(actor: Actor, id: number, reason: string, revokedOn: IsoDate, ip: string | null): Promise<void> {
  return move(actor, id, 'revoke', reason, ip, async (tx, d) => {
    await tx`UPDATE downgrades SET revoked_on = ${revokedOn}, decision_note = ${reason} WHERE id = ${id}`;
    await tx`UPDATE institutions SET poster_version = ${nextPosterVersion(d.posterVersion, true)}, updated_at = now() WHERE id = ${d.institutionId}`;
    return { result: undefined, detail: { revokedOn } };
  });
}

/** The issued 降级通知书's number, kept on the row for the public pages (only once). */
export async function setDowngradeNoticeNo(actor: Actor, id: number, documentNo: string, ip: string | null): Promise<void> {
  await transaction(async (tx) => {
    const [row] = await tx`
      UPDATE downgrades SET notice_no = ${documentNo}, updated_at = now()
       WHERE id = ${id} AND state = 'downgraded' AND (notice_no IS NULL OR notice_no = ${documentNo})
         AND supervisor_has_role(${actor.id}, '{admin}') RETURNING id`;
    if (!row) throw new DomainError('只有已审查通过的降级可以出具降级通知书', 'conflict');
    await writeAudit(tx, { actor, action: 'downgrade.notice', targetKind: 'downgrade', targetId: id, ip, detail: { documentNo } });
  });
}
