import { config } from '../../config';
import { countyOfInstitution } from '../../db/counties';
import { documentAddressee, documentPdf, issueDocument, listDocuments, type DocumentRow, type DocumentSubject } from '../../db/documents';
import { getDataset } from '../../db/site-settings';
import { loadActor } from '../../db/supervisors';
import { renderNoticePdf } from '../../documents/notice-pdf';
import { DOCUMENT_TITLES, issuerFor, type DocumentKind, type Issuer, type NoticeBlocks } from '../../domain/official-documents';
import { notFound } from '../../domain/errors';
import type { Actor } from '../../domain/roles';
import type { IsoDate } from '../../domain/working-days';
import { documentIdParamSchema, documentListQuerySchema } from '../../schemas/admin-documents';
import { actorOf, LIST_PAGE_SIZE, queryObject, requireAccess, type AdminContext } from './http';

/**
 * Official notices (issue 12 item 7): issuing one for a lifecycle record, the archive list at
 * /admin/documents, and the archived PDF. A screen that changes a record's state issues its notice
 * after its own transaction has committed; issuing is idempotent per subject, so a failure can be
 * retried from the screen and never gives one subject two numbers.
 */

export interface NoticeCommon {
  issuer: Issuer;
  institutionName: string;
  issuedOn: IsoDate;
  sequence: number;
}

export interface NoticeRequest {
  kind: DocumentKind;
  institutionId: number;
  subject: DocumentSubject;
  issuedOn: IsoDate;
  /** The signed-in account that issues it (null: the system, e.g. the demo loader's own steps). */
  issuedBy: number | null;
  /** e.g. `(c) => downgradeNotice({ ...c, ...facts })` (src/domain/official-documents.ts). */
  blocks: (common: NoticeCommon) => NoticeBlocks;
  actor?: Pick<Actor, 'id' | 'username'> | null;
  ip?: string | null;
}

export function documentHref(id: number): string {
  return `/admin/documents/${String(id)}.pdf`;
}

export async function issueNotice(req: NoticeRequest): Promise<{ id: number; documentNo: string; href: string }> {
  const [dataset, addressee, issuer, county] = await Promise.all([
    getDataset(),
    documentAddressee(req.institutionId),
    req.actor !== undefined || req.issuedBy === null ? Promise.resolve(req.actor ?? null) : loadActor(req.issuedBy),
    countyOfInstitution(req.institutionId),
  ]);
  if (!addressee) throw notFound('没有这个机构。');
  // Several counties on one deployment: a county with its own settings issues in its own name and prefix.
  const commission =
    county?.commissionName && county.documentAbbr
      ? issuerFor(county.commissionName, county.name, { name: county.commissionName, abbreviation: county.documentAbbr })
      : issuerFor(dataset.authority, dataset.county, { name: config.SITE_COMMISSION_NAME, abbreviation: config.SITE_COMMISSION_ABBR });
  const issued = await issueDocument({
    kind: req.kind,
    institutionId: req.institutionId,
    subject: req.subject,
    issuedOn: req.issuedOn,
    actor: issuer,
    build: (sequence) => req.blocks({ issuer: commission, institutionName: addressee.name, issuedOn: req.issuedOn, sequence }),
    render: renderNoticePdf,
    ip: req.ip ?? null,
  });
  return { id: issued.id, documentNo: issued.documentNo, href: documentHref(issued.id) };
}

export interface DocumentListView {
  rows: (DocumentRow & { href: string; kindTitle: string })[];
  total: number;
  page: number;
  q: { kind: string; year: string; institution: string };
  kinds: { value: DocumentKind; label: string }[];
}

export async function documentsPage(ctx: AdminContext): Promise<DocumentListView> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'credit.read');
  const q = documentListQuerySchema.parse(queryObject(ctx.url));
  const { rows, total } = await listDocuments(actor, { ...q, pageSize: LIST_PAGE_SIZE });
  return {
    rows: rows.map((r) => ({ ...r, href: documentHref(r.id), kindTitle: DOCUMENT_TITLES[r.kind] })),
    total,
    page: q.page,
    q: { kind: q.kind ?? '', year: q.year === undefined ? '' : String(q.year), institution: q.institution ?? '' },
    kinds: (Object.keys(DOCUMENT_TITLES) as DocumentKind[]).map((k) => ({ value: k, label: DOCUMENT_TITLES[k] })),
  };
}

/** The archived bytes, as issued: a download named by its number. */
export async function documentPdfResponse(ctx: AdminContext): Promise<Response> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'credit.read');
  const params = documentIdParamSchema.safeParse(ctx.params);
  if (!params.success) throw notFound('没有这份文书。');
  const doc = await documentPdf(actor, params.data.id);
  return new Response(new Uint8Array(doc.pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="notice-${String(params.data.id)}.pdf"; filename*=UTF-8''${encodeURIComponent(`${doc.documentNo}.pdf`)}`,
      ETag: `"${doc.sha256}"`,
    },
  });
}
