// Official notices against PostgreSQL (issue 12 item 7): yearly numbers per kind, one notice per
// subject, one A4 page, the archived bytes fetched again unchanged, jurisdiction, an immutable archive.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeWorld, type World } from './world';
import { issueNotice } from '../../../../src/handlers/admin/documents';
import { documentPdf, documentsOf, listDocuments } from '../../../../src/db/documents';
import { evaluationResultNotice, pointsNotice } from '../../../../src/domain/official-documents';

useTestDatabase();
let w: World;
beforeAll(async () => {
  w = await makeWorld();
  await sql`INSERT INTO site_settings (key, value) VALUES ('dataset', ${sql.json({ demo: false, label: '', authority: '青禾县卫生健康委员会', county: '青禾县' })})
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`;
});

const pointFacts = {
  measureTitle: '某省医疗机构及医务人员不良执业行为记分管理办法（试行）',
  foundOn: '2026-11-02' as const,
  department: '卫生监督所',
  source: '监督检查',
  target: '你单位',
  behaviour: '未按规定公示医疗服务价格。',
  points: 2,
};

function pointNotice(institutionId: number, subjectId: number, issuedBy: number) {
  return issueNotice({
    kind: 'points',
    institutionId,
    subject: { kind: 'point', id: subjectId },
    issuedOn: '2026-11-03',
    issuedBy,
    blocks: (c) => pointsNotice({ ...c, ...pointFacts }),
  });
}

/** Pages and size as poppler's pdfinfo reads them (installed by .ci/run). */
function pdfInfo(pdf: Uint8Array): { pages: number; size: string } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'notice-')), 'n.pdf');
  fs.writeFileSync(file, pdf);
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(out)?.[1]), size: /^Page size:\s+(.*)$/m.exec(out)?.[1] ?? '' };
}

describe('issuing a notice', () => {
  it('numbers each kind from a yearly sequence in the commission style, and says so in the audit log', async () => {
    const first = await pointNotice(w.instA, 101, w.admin.id);
    const second = await pointNotice(w.instA, 102, w.districtA.id);
    expect(first.documentNo).toBe('青禾卫健记〔2026〕1号');
    expect(second.documentNo).toBe('青禾卫健记〔2026〕2号');
    expect(first.href).toBe(`/admin/documents/${first.id}.pdf`);
    const [a] = await sql`SELECT actor_name, detail FROM audit_log WHERE action = 'document.issue' AND target_id = ${String(second.id)}`;
    expect(a!['actor_name']).toBe('t.district.a');
    expect(a!['detail']).toMatchObject({ documentNo: '青禾卫健记〔2026〕2号', kind: 'points' });
  });

  it('gives a subject one notice: issuing again returns the archived one', async () => {
    const again = await pointNotice(w.instA, 101, w.admin.id);
    expect(again.documentNo).toBe('青禾卫健记〔2026〕1号');
    expect((await documentsOf(w.admin, { kind: 'point', id: 101 })).length).toBe(1);
  });

  it("numbers an evaluation-result notice in the evaluation's year, with its own sequence", async () => {
    const n = await issueNotice({
      kind: 'evaluation-result',
      institutionId: w.instB,
      subject: { kind: 'evaluation-submission', id: 7 },
      issuedOn: '2026-01-15',
      issuedBy: w.admin.id,
      blocks: (c) => evaluationResultNotice({ ...c, year: 2025, standardizedScore: 92.5, level: '优秀', decidingReasons: ['标化得分92.50，在90分以上'] }),
    });
    expect(n.documentNo).toBe('青禾卫健评〔2025〕1号');
  });

  it('archives exactly one A4 page, and the same bytes come back later', async () => {
    const { id } = await pointNotice(w.instA, 101, w.admin.id);
    const a = await documentPdf(w.admin, id);
    const b = await documentPdf(w.districtA, id);
    expect(Buffer.from(b.pdf).equals(Buffer.from(a.pdf))).toBe(true);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(pdfInfo(a.pdf)).toEqual({ pages: 1, size: '595.28 x 841.89 pts (A4)' });
  });
});

describe('who sees a notice', () => {
  it('keeps notices inside the jurisdiction of the institution', async () => {
    const { id } = await pointNotice(w.instA, 101, w.admin.id);
    await expect(documentPdf(w.districtB, id)).rejects.toMatchObject({ kind: 'not-found' });
    const mine = await listDocuments(w.districtB, { page: 1, pageSize: 50 });
    expect(mine.rows.map((r) => [r.documentNo, r.institutionName])).toEqual([['青禾卫健评〔2025〕1号', '乙镇诊所']]);
    const all = await listDocuments(w.admin, { kind: 'points', page: 1, pageSize: 50 });
    expect(all.total).toBe(2);
  });
});

describe('the archive', () => {
  it('refuses to change or delete an issued notice', async () => {
    await expect(sql`UPDATE official_documents SET title = 'x'`).rejects.toThrow(/archive/);
    await expect(sql`DELETE FROM official_documents`).rejects.toThrow(/archive/);
  });
});
