import { createHash } from 'node:crypto';
import { sql, transaction } from './client';
import { writeAudit } from './audit-log';
import { institutionInScope } from './points-read';
import { DOCUMENT_KINDS, parseDocumentNumber, type DocumentKind, type NoticeBlocks } from '../domain/official-documents';
import { notFound } from '../domain/errors';
import type { Actor } from '../domain/roles';
import type { IsoDate } from '../domain/working-days';

/**
 * The archive of official notices (migration 0004). A notice is numbered from the yearly sequence
 * of its kind, rendered once and stored as the exact bytes that were issued; one notice per
 * subject, so issuing again returns the archived one. The table refuses UPDATE and DELETE.
 */

export interface DocumentSubject {
  /** 'evaluation-submission', 'downgrade', 'point', 'rectification'. */
  kind: string;
  id: number;
}

export interface IssueDocumentInput {
  kind: DocumentKind;
  institutionId: number;
  subject: DocumentSubject;
  issuedOn: IsoDate;
  actor: Pick<Actor, 'id' | 'username'> | null;
  /** The notice's text with the number's sequence filled in. */
  build: (sequence: number) => NoticeBlocks;
  /** Lays the text out as the PDF that is archived (src/documents/notice-pdf.ts). */
  render: (blocks: NoticeBlocks) => Promise<Uint8Array>;
  ip?: string | null;
}

export interface IssuedDocument {
  id: number;
  documentNo: string;
  /** false when the subject already had its notice (nothing new was issued). */
  created: boolean;
}

export async function issueDocument(input: IssueDocumentInput): Promise<IssuedDocument> {
  return transaction(async (tx) => {
    // One issuer at a time per kind: the next sequence number is read and used under this lock.
    await tx`SELECT pg_advisory_xact_lock(hashtext('official_documents'), ${DOCUMENT_KINDS.indexOf(input.kind)})`;
    const [existing] = await tx<{ id: number; documentNo: string }[]>`
      SELECT id, document_no AS "documentNo" FROM official_documents
       WHERE kind = ${input.kind} AND subject_kind = ${input.subject.kind} AND subject_id = ${input.subject.id}`;
    if (existing) return { ...existing, created: false };
    // The number's year is the notice's own (an evaluation's year, or the year of issue): ask the text.
    const year = parseDocumentNumber(input.build(1).documentNo)?.year ?? Number(input.issuedOn.slice(0, 4));
    // Several counties (0018): a county with its own settings numbers its own notices; elsewhere
    // (a single-county deployment, a county not yet set up) the deployment-wide sequence as before.
    const [county] = await tx<{ code: string }[]>`
      SELECT cs.region_code AS code FROM institutions i JOIN county_settings cs ON cs.region_code = region_county(i.region_code)
       WHERE i.id = ${input.institutionId}`;
    const countyCode = county?.code ?? null;
    const [last] = await tx<{ max: number | null }[]>`
      SELECT max(sequence)::int AS max FROM official_documents
       WHERE kind = ${input.kind} AND year = ${year} AND county_code IS NOT DISTINCT FROM ${countyCode}::text`;
    const sequence = (last?.max ?? 0) + 1;
    const blocks = input.build(sequence);
    const pdf = await input.render(blocks);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const [row] = await tx<{ id: number }[]>`
      INSERT INTO official_documents (kind, document_no, year, sequence, institution_id, subject_kind, subject_id, title,
                                      issued_on, issued_by, blocks, pdf, pdf_sha256, county_code)
      VALUES (${input.kind}, ${blocks.documentNo}, ${year}, ${sequence}, ${input.institutionId}, ${input.subject.kind},
              ${input.subject.id}, ${blocks.title}, ${input.issuedOn}, ${input.actor?.id ?? null}, ${tx.json(blocks as never)},
              ${Buffer.from(pdf)}, ${sha256}, ${countyCode})
      RETURNING id`;
    if (!row) throw new Error('official_documents: insert returned no row');
    await writeAudit(tx, {
      actor: input.actor,
      actorName: 'system',
      action: 'document.issue',
      targetKind: 'document',
      targetId: row.id,
      detail: { documentNo: blocks.documentNo, kind: input.kind, subject: input.subject, sha256 },
      ip: input.ip ?? null,
    });
    return { id: row.id, documentNo: blocks.documentNo, created: true };
  });
}

/** What the issuing handler needs about the addressee. */
export async function documentAddressee(institutionId: number): Promise<{ name: string } | null> {
  const [row] = await sql<{ name: string }[]>`SELECT name FROM institutions WHERE id = ${institutionId}`;
  return row ?? null;
}

export interface DocumentRow {
  id: number;
  kind: DocumentKind;
  documentNo: string;
  title: string;
  institutionCode: string;
  institutionName: string;
  subjectKind: string;
  subjectId: number;
  issuedOn: IsoDate;
  issuedByName: string | null;
  bytes: number;
  sha256: string;
}

export interface DocumentFilter {
  kind?: DocumentKind | undefined;
  year?: number | undefined;
  institution?: string | undefined;
  page: number;
  pageSize: number;
}

const COLUMNS = () => sql`
  d.id, d.kind, d.document_no AS "documentNo", d.title, i.code AS "institutionCode", i.name AS "institutionName",
  d.subject_kind AS "subjectKind", d.subject_id::int AS "subjectId", d.issued_on::text AS "issuedOn",
  s.display_name AS "issuedByName", octet_length(d.pdf) AS bytes, d.pdf_sha256 AS sha256`;

/** Notices of institutions in the actor's jurisdiction, newest first. */
export async function listDocuments(actor: Pick<Actor, 'id'>, f: DocumentFilter): Promise<{ rows: DocumentRow[]; total: number }> {
  const like = f.institution ? `%${f.institution.replace(/[\\%_]/g, (ch) => '\\' + ch)}%` : '';
  const where = sql`
    WHERE ${institutionInScope(actor)}
      AND (${f.kind ?? null}::text IS NULL OR d.kind = ${f.kind ?? null})
      AND (${f.year ?? null}::int IS NULL OR d.year = ${f.year ?? null})
      AND (${like} = '' OR i.name LIKE ${like} OR i.code = ${f.institution ?? ''} OR d.document_no = ${f.institution ?? ''})`;
  const rows = await sql<DocumentRow[]>`
    SELECT ${COLUMNS()} FROM official_documents d JOIN institutions i ON i.id = d.institution_id
      LEFT JOIN supervisors s ON s.id = d.issued_by
    ${where} ORDER BY d.issued_at DESC, d.id DESC LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`;
  const [count] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM official_documents d JOIN institutions i ON i.id = d.institution_id ${where}`;
  return { rows: [...rows], total: count?.n ?? 0 };
}

/** The notices of one subject (for the subject's own screen). */
export async function documentsOf(actor: Pick<Actor, 'id'>, subject: DocumentSubject): Promise<DocumentRow[]> {
  return sql<DocumentRow[]>`
    SELECT ${COLUMNS()} FROM official_documents d JOIN institutions i ON i.id = d.institution_id
      LEFT JOIN supervisors s ON s.id = d.issued_by
     WHERE ${institutionInScope(actor)} AND d.subject_kind = ${subject.kind} AND d.subject_id = ${subject.id}
     ORDER BY d.id`;
}

/** The archived PDF, exactly as issued; not found outside the actor's jurisdiction. */
export async function documentPdf(actor: Pick<Actor, 'id'>, id: number): Promise<{ documentNo: string; pdf: Uint8Array; sha256: string }> {
  const [row] = await sql<{ documentNo: string; pdf: Uint8Array; sha256: string }[]>`
    SELECT d.document_no AS "documentNo", d.pdf, d.pdf_sha256 AS sha256
      FROM official_documents d JOIN institutions i ON i.id = d.institution_id
     WHERE d.id = ${id} AND ${institutionInScope(actor)}`;
  if (!row) throw notFound('没有这份文书，或它不在您负责的辖区内。');
  return row;
}
