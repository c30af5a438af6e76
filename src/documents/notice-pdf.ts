import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { config } from '../config';
import type { NoticeBlocks } from '../domain/official-documents';
import { DomainError } from '../domain/errors';

/**
 * An official notice (src/domain/official-documents.ts) as exactly one A4 page of PDF, laid out
 * like a 公文: the issuing commission in red with its rule (红头), the document number, the title,
 * the addressee, the body, the legal basis and appeal rights, and the issuer with the date. Long
 * notices get a smaller type size until they fit the page; a notice that cannot fit at 9 pt is
 * refused (a notice on two pages could be printed without its second half).
 *
 * pdfkit (well kept, pure JS, embeds a subset of the font) with a CJK serif from the system
 * (NOTICE_FONT, default Debian's fonts-noto-cjk). The bytes are archived when issued
 * (src/db/documents.ts), so nothing here needs to be reproducible to the byte; it is anyway for
 * the same input, because the dates in the file come from the notice, not the clock.
 */

const A4 = { width: 595.28, height: 841.89 };
/** GB/T 9704 margins, roughly: top 37 mm, left 28 mm, right 26 mm, bottom 35 mm. */
const MARGIN = { top: 100, left: 79, right: 74, bottom: 92 };
const RED = '#c8161d';
const BODY_MAX = 15;
const BODY_MIN = 9;

export class NoticeFontError extends Error {}

interface FontSource {
  file: string;
  face: string | undefined;
}

function fontSource(spec: string): FontSource {
  const [file = '', face] = spec.split('#');
  return { file, face };
}

const fontCache = new Map<string, Buffer>();

function fontBytes(spec: string): { bytes: Buffer; face: string | undefined } {
  const { file, face } = fontSource(spec);
  let bytes = fontCache.get(file);
  if (!bytes) {
    try {
      bytes = fs.readFileSync(file);
    } catch {
      throw new NoticeFontError(`未找到通知书所用的中文字体：${file}（请安装 fonts-noto-cjk，或设置 NOTICE_FONT / NOTICE_FONT_BOLD）`);
    }
    fontCache.set(file, bytes);
  }
  return { bytes, face };
}

interface Paragraph {
  text: string;
  size: number;
  bold?: boolean;
  color?: string;
  align: 'left' | 'center' | 'right' | 'justify';
  indent: boolean;
  /** Space before the paragraph, in multiples of the body size. */
  before: number;
}

function paragraphs(b: NoticeBlocks, body: number): Paragraph[] {
  const p = (text: string, o: Partial<Paragraph> = {}): Paragraph => ({ text, size: body, align: 'justify', indent: true, before: 0.25, ...o });
  return [
    p(b.title, { size: body * 1.4, bold: true, align: 'center', indent: false, before: 0.6 }),
    p(b.addressee, { indent: false, align: 'left', before: 1 }),
    ...b.body.map((t) => p(t)),
    p(`依据：${b.legalBasis}。`),
    ...(b.appealRights ? [p(b.appealRights)] : []),
    p(b.issuer, { align: 'right', indent: false, before: 1.6 }),
    p(b.issuedOnText, { align: 'right', indent: false, before: 0.1 }),
  ];
}

type Doc = InstanceType<typeof PDFDocument>;

const WIDTH = A4.width - MARGIN.left - MARGIN.right;
/** Where the title starts: below the red header and its rule. */
const CONTENT_TOP = MARGIN.top + 78;
const CONTENT_BOTTOM = A4.height - MARGIN.bottom;

function textOptions(p: Paragraph) {
  return { width: WIDTH, align: p.align, indent: p.indent ? p.size * 2 : 0, lineGap: p.size * 0.45 };
}

function measure(doc: Doc, ps: readonly Paragraph[]): number {
  let h = 0;
  for (const p of ps) {
    doc.font(p.bold ? 'bold' : 'regular').fontSize(p.size);
    h += p.before * p.size + doc.heightOfString(p.text, textOptions(p));
  }
  return h;
}

function header(doc: Doc, b: NoticeBlocks): void {
  doc.font('bold').fontSize(24).fillColor(RED).text(b.issuer, MARGIN.left, MARGIN.top, { width: WIDTH, align: 'center', characterSpacing: 2 });
  doc
    .font('regular')
    .fontSize(14)
    .fillColor('black')
    .text(b.documentNo, MARGIN.left, MARGIN.top + 44, { width: WIDTH, align: 'center' });
  doc
    .moveTo(MARGIN.left, MARGIN.top + 66)
    .lineTo(A4.width - MARGIN.right, MARGIN.top + 66)
    .lineWidth(1.5)
    .strokeColor(RED)
    .stroke();
}

function footer(doc: Doc, b: NoticeBlocks): void {
  doc
    .font('regular')
    .fontSize(8)
    .fillColor('#555555')
    .text(`${b.documentNo} · 本文书由医疗机构依法执业信用公示平台生成并存档，存档文件可凭文号调取核对。`, MARGIN.left, CONTENT_BOTTOM + 40, {
      width: WIDTH,
      align: 'center',
      lineBreak: false,
    });
}

/** The notice as PDF bytes: one A4 page. */
export async function renderNoticePdf(b: NoticeBlocks): Promise<Uint8Array> {
  const regular = fontBytes(config.NOTICE_FONT);
  const bold = fontBytes(config.NOTICE_FONT_BOLD);
  const date = new Date(`${b.issuedOn}T00:00:00+08:00`);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: true,
    info: {
      Title: `${b.title}（${b.documentNo}）`,
      Author: b.issuer,
      Subject: b.documentNo,
      Creator: '医疗机构依法执业信用公示平台',
      CreationDate: date,
      ModDate: date,
    },
  });
  doc.registerFont('regular', regular.bytes, regular.face);
  doc.registerFont('bold', bold.bytes, bold.face);
  const chunks: Buffer[] = [];
  let pages = 1;
  doc.on('pageAdded', () => (pages += 1));
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  let size = BODY_MAX;
  while (size > BODY_MIN && measure(doc, paragraphs(b, size)) > CONTENT_BOTTOM - CONTENT_TOP) size -= 0.5;
  const ps = paragraphs(b, size);
  if (measure(doc, ps) > CONTENT_BOTTOM - CONTENT_TOP) throw new DomainError(`通知书内容过长，无法排在一页 A4 纸上：${b.documentNo}`);

  header(doc, b);
  let y = CONTENT_TOP;
  for (const p of ps) {
    y += p.before * p.size;
    doc
      .font(p.bold ? 'bold' : 'regular')
      .fontSize(p.size)
      .fillColor('black')
      .text(p.text, MARGIN.left, y, textOptions(p));
    y = doc.y;
  }
  footer(doc, b);
  doc.end();
  await done;
  if (pages !== 1) throw new DomainError(`通知书排版超过一页：${b.documentNo}`);
  return new Uint8Array(Buffer.concat(chunks));
}
