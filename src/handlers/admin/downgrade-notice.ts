import { getDowngrade } from '../../db/downgrades-read';
import { setDowngradeNoticeNo } from '../../db/downgrades-write';
import { DomainError } from '../../domain/errors';
import { downgradeNotice } from '../../domain/official-documents';
import { requirePermission, type Actor } from '../../domain/roles';
import type { IsoDate } from '../../domain/working-days';
import { issueNotice } from './documents';

/**
 * The 降级通知书 of an approved downgrade (seed 001 附件1 七(二) "出具…降级通知书予以降级"), issued
 * after the approval has committed. issueNotice is idempotent per downgrade, so "生成通知书" can be
 * pressed again after a failure; the number is then kept on the downgrade for the public pages.
 */
export async function issueDowngradeNotice(actor: Actor, id: number, issuedOn: IsoDate, ip: string | null): Promise<{ documentNo: string; href: string }> {
  // The notice is the commission's act (七(二) "经审查后出具"): administrators only.
  requirePermission(actor, 'credit.approve');
  const d = await getDowngrade(actor, id);
  if (!d) throw new DomainError('降级记录不存在，或不在您的辖区内', 'not-found');
  if (d.state !== 'downgraded' || !d.toLevel || !d.foundOn || !d.source || !d.rescoredOn || d.newScore === null) {
    throw new DomainError('只有已审查通过的降级可以出具降级通知书', 'conflict');
  }
  const facts = {
    year: d.year,
    foundOn: d.foundOn,
    findingSource: d.source,
    finding: d.finding,
    rescoredOn: d.rescoredOn,
    rescoreScore: d.newScore,
    fromLevel: d.fromLevel,
    toLevel: d.toLevel,
    decidingReasons: d.rescoreReasons,
  };
  const doc = await issueNotice({
    kind: 'downgrade',
    institutionId: d.institutionId,
    subject: { kind: 'downgrade', id },
    issuedOn: d.decidedOn ?? issuedOn,
    issuedBy: actor.id,
    blocks: (c) => downgradeNotice({ ...c, ...facts }),
    actor,
    ip,
  });
  await setDowngradeNoticeNo(actor, id, doc.documentNo, ip);
  return { documentNo: doc.documentNo, href: doc.href };
}
