// STUB in branch w2 only, with the exact signature announced for the lead's "Official documents"
// commit (src/handlers/admin/documents.ts). It is replaced by the real module at the merge: it
// neither renders nor archives a PDF, it only builds the notice's number.
import type { DocumentKind, Issuer, NoticeBlocks } from '../../domain/official-documents';
import type { IsoDate } from '../../domain/working-days';

const STUB_ISSUER: Issuer = { commissionName: '青禾县卫生健康委员会', commissionAbbreviation: '青禾卫健', schemeTitle: '青禾县医疗机构依法执业信用评价实施方案' };

export async function issueNotice(req: {
  kind: DocumentKind;
  institutionId: number;
  subject: { kind: string; id: number };
  issuedOn: IsoDate;
  issuedBy: number | null;
  blocks: (common: { issuer: Issuer; institutionName: string; issuedOn: IsoDate; sequence: number }) => NoticeBlocks;
}): Promise<{ id: number; documentNo: string; href: string }> {
  const b = req.blocks({ issuer: STUB_ISSUER, institutionName: `机构${req.institutionId}`, issuedOn: req.issuedOn, sequence: req.subject.id });
  return Promise.resolve({ id: req.subject.id, documentNo: b.documentNo, href: `/admin/documents/${req.subject.id}` });
}
