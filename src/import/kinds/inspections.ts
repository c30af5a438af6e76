/**
 * The inspections sheet (监督检查记录补录, issue 13): the institution by 机构编码 or 登记号, the
 * inspectors by 执法证号, the same record rules as the form (src/domain/inspections.ts), every
 * problem reported with its line and column; rows already recorded (same institution, day and
 * kind) are left as they are.
 */
import { inspectionRefs, writeImportedInspections, type ImportedInspection } from '../../db/import-inspections';
import { inspectionIssues } from '../../domain/inspections';
import { INSPECTION_IMPORT_COLUMNS, inspectionImportSchema, type InspectionImportRow } from '../../schemas/import-inspections';
import { schemaParser, type ImportKind } from '../kind';
import type { RowError, WriteResult } from '../types';

/** The column an issue of the record rules belongs to (the rule's message starts with the field's name). */
const ISSUE_COLUMN: Record<string, string> = {
  检查日期: '检查日期',
  检查人员: '检查人员执法证号',
  发现问题: '发现问题编号',
  检查结果: '检查结果',
  检查类型: '检查类型',
};

export const inspectionsKind: ImportKind<InspectionImportRow> = {
  name: 'inspections',
  title: '监督检查记录',
  unit: '次',
  columns: INSPECTION_IMPORT_COLUMNS,
  parse: schemaParser(inspectionImportSchema, INSPECTION_IMPORT_COLUMNS),
  fileKey: (row) => [row.code ?? '', row.registrationNo ?? '', row.inspectedOn, row.kind].join('\u0000'),
  duplicate: { column: '检查日期', why: '同一机构同一天同一类型的检查只能有一行' },

  async prepare(tx, rows, context) {
    const refs = await inspectionRefs(
      tx,
      rows.flatMap((r) => (r.row.code ? [r.row.code] : [])),
      rows.flatMap((r) => (r.row.registrationNo ? [r.row.registrationNo] : [])),
      [...new Set(rows.flatMap((r) => r.row.enforcementNos))],
    );
    const errors: RowError[] = [];
    let staged: ImportedInspection[] = [];
    for (const { line, row } of rows) {
      const byCode = row.code ? refs.institutions.get(`C:${row.code}`) : undefined;
      const byReg = row.registrationNo ? refs.institutions.get(`R:${row.registrationNo}`) : undefined;
      const before = errors.length;
      if (row.code && !byCode) errors.push({ line, column: '机构编码', message: '平台上没有这个机构编码' });
      if (row.registrationNo && !byReg) errors.push({ line, column: '登记号', message: '机构名册中没有这个登记号（请先导入机构名册）' });
      if (byCode && byReg && byCode.id !== byReg.id) errors.push({ line, column: '登记号', message: `与机构编码不是同一家机构（编码对应${byCode.name}）` });
      const unknown = row.enforcementNos.filter((n) => !refs.inspectors.has(n));
      if (unknown.length > 0) errors.push({ line, column: '检查人员执法证号', message: `平台上没有登记这些执法证号：${unknown.join('、')}` });
      const inspectors = row.enforcementNos.flatMap((n) => {
        const p = refs.inspectors.get(n);
        return p ? [{ ...p, enforcementNo: n }] : [];
      });
      const input = {
        inspectedOn: row.inspectedOn,
        kind: row.kind,
        findingCodes: row.findingCodes,
        findingsText: row.findingsText,
        result: row.result,
        complaintId: null,
        drawItemId: null,
        inspectors,
      };
      for (const issue of unknown.length > 0 ? [] : inspectionIssues(input, context.today)) {
        const [field = '', message = issue] = issue.split('：');
        errors.push({ line, column: ISSUE_COLUMN[field] ?? '', message });
      }
      const institution = byCode ?? byReg;
      if (errors.length === before && institution) {
        staged.push({ line, institutionId: institution.id, ...input, inspectorIds: inspectors.map((i) => i.id) });
      }
    }
    return {
      check: () => Promise.resolve(errors),
      drop: (lines) => {
        const dropped = new Set(lines);
        staged = staged.filter((s) => !dropped.has(s.line));
        return Promise.resolve();
      },
      async write(): Promise<WriteResult> {
        const { created, existing } = await writeImportedInspections(tx, staged, context.enteredBy ?? null);
        const byLine = new Map(rows.map((r) => [r.line, r.row]));
        return {
          created: created.length,
          updated: 0,
          unchanged: existing.length,
          changes: created.slice(0, 200).map((line) => {
            const r = byLine.get(line);
            return { line, action: 'new' as const, key: r?.code ?? r?.registrationNo ?? '', label: `${r?.inspectedOn ?? ''} ${r?.kind ?? ''}检查`, fields: [] };
          }),
          changesTruncated: created.length > 200,
          levelChanges: [],
          notes: existing.length > 0 ? [`${existing.length}行已有同一天同一类型的检查记录，未重复登记`] : [],
        };
      },
    };
  },
};
