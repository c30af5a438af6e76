import type { SubjectNames, SubmissionRow } from '../db/portal';
import { yuanOf } from '../domain/portal';
import { readPayload } from '../schemas/portal';

/**
 * A submission as lines a person reads (the institution's list, the supervisor's review): what
 * was submitted, never the raw JSON. `names` (the supervisor side) turns ids into the
 * rectification, the evaluation or penalty, the staff they refer to.
 */
export function previewLines(s: Pick<SubmissionRow, 'kind' | 'payload' | 'files'>, names: SubjectNames | null): string[] {
  const p = readPayload(s.kind, s.payload);
  if (!p) return ['（报送内容无法读取）'];
  const name = (m: Map<number, string> | undefined, id: number, fallback: string) => m?.get(id) ?? fallback;
  switch (p.kind) {
    case 'self-inspection': {
      const v = p.payload;
      return [
        `${v.kind}自查，自查日期 ${v.inspectedOn}，结论：${v.result}`,
        ...(v.findings ? [`发现的问题：${v.findings}`] : []),
        ...(v.rectified === null ? [] : [v.rectified ? '已整改' : '整改中']),
      ];
    }
    case 'rectification-report':
      return [
        `整改事项：${name(names?.rectifications, p.payload.rectificationId, `#${p.payload.rectificationId}`)}`,
        ...(p.payload.reportText ? [`整改情况：${p.payload.reportText}`] : []),
        ...(s.files.length ? [`附件 ${s.files.length} 个：${s.files.map((f) => f.fileName).join('、')}`] : []),
      ];
    case 'hours-prices':
      return [
        `诊疗时间：${p.payload.openingHours ?? '（未填）'}`,
        ...(p.payload.priceUrl ? [`收费公示网址：${p.payload.priceUrl}`] : []),
        ...p.payload.items.map((x) => `${x.item}${x.unit ? `（${x.unit}）` : ''}：${yuanOf(x.priceCents)} 元${x.note ? `，${x.note}` : ''}`),
      ];
    case 'staff-commitments':
      return [
        `${p.payload.year}年度医务人员依法执业承诺`,
        ...p.payload.entries.map((e) => `${name(names?.staff, e.staffId, `医务人员 #${e.staffId}`)}：${e.signedOn} 签署`),
      ];
    case 'reply': {
      const m = p.payload.subjectKind === 'evaluation' ? names?.evaluations : names?.penalties;
      return [`回应对象：${name(m, p.payload.subjectId, p.payload.subjectKind === 'evaluation' ? '信用级别' : '行政处罚')}`, `回应内容：${p.payload.body}`];
    }
  }
}
