// Builders of institution records for the public-site unit tests (pure, no database).
import type { CreditEvaluationInput } from '../../../src/domain/credit-level';
import type { DowngradeRecord, EvaluationRecord, InstitutionRecord, RegionRecord } from '../../../src/domain/disclosure-board';

export const REGIONS: RegionRecord[] = [
  { code: '419000', name: '样例市', level: 2, parentCode: null },
  { code: '419021', name: '样例县', level: 3, parentCode: '419000' },
  { code: '419021001', name: '城关镇', level: 4, parentCode: '419021' },
  { code: '419021002', name: '东城街道', level: 4, parentCode: '419021' },
  { code: '419022', name: '另一县', level: 3, parentCode: '419000' },
  { code: '419022001', name: '城关镇', level: 4, parentCode: '419022' },
];

/** The twelve facts of a clean sheet scoring 80 (合格). */
export const FACTS: CreditEvaluationInput = {
  actualScore: 80,
  reasonableMissingPoints: 0,
  doubleStarNotMet: 0,
  singleStarNotMet: 0,
  penaltiesThisYear: 0,
  conductViolation: false,
  seriousViolationOrImpact: false,
  establishmentNonCompliant: false,
  validationSuspended: false,
  majorAccidentFullResponsibility: false,
  safetyOrFireAccident: false,
  publicHealthScore: null,
};

/** An approved downgrade 合格 → 差 on a re-score of 55.00. */
export function downgradeRecord(over: Partial<DowngradeRecord> = {}): DowngradeRecord {
  return {
    decidedOn: '2026-11-05',
    noticeNo: '降3',
    fromLevel: '合格',
    toLevel: '差',
    newScore: 55,
    reason: '超范围执业',
    rescoredOn: '2026-11-03',
    rescoreReasons: ['标化得分55.00，低于60分'],
    ...over,
  };
}

export function evaluation(over: Partial<EvaluationRecord> = {}): EvaluationRecord {
  return {
    year: 2026,
    ...FACTS,
    itemScores: [],
    standardizedScore: 80,
    scoreLevel: '合格',
    level: '合格',
    reasons: [],
    evaluatedOn: '2026-10-10',
    reviewStatus: '无',
    downgrades: [],
    ...over,
  };
}

let next = 1;
export function institution(over: Partial<InstitutionRecord> = {}): InstitutionRecord {
  const id = next++;
  return {
    id,
    code: `T${String(id).padStart(7, '0')}`,
    registrationNo: `REG-${id}`,
    uscc: null,
    name: `样例诊所${id}`,
    type: '诊所',
    hospitalGrade: null,
    ownership: '私营',
    address: '样例县城关镇解放路1号',
    regionCode: '419021001',
    legalRepresentative: '王建国',
    principal: '王建国',
    departments: ['内科'],
    licenseValidFrom: '2024-01-01',
    licenseValidTo: '2029-12-31',
    status: '执业',
    riskGrade: '低',
    supervisingUnit: '样例县卫生健康综合监督执法大队',
    complaintPhone: '0399-6001234',
    posterVersion: 1,
    staff: [],
    commitments: [],
    evaluations: [],
    penalties: [],
    points: [],
    selfInspections: [],
    dishonesty: [],
    ...over,
  };
}
