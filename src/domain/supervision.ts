/**
 * Supervision frequency by credit level, and downgrades during the year.
 *
 * Seed 001 附件1 五、卫生监督频率 (医疗机构监督频次表):
 *   优秀 简化监督 1次/年; 合格 常规监督 1-2次/年; 差 重点监督 限期整改 不少于4次/年.
 * 四: checks for special campaigns (专项检查) or complaints are not limited by this frequency.
 * 二(二) 动态管理: the frequency follows the level as adjusted during the year.
 *
 * 七(二) 信用级别变动: when daily supervision finds a violation that calls for a downgrade, the
 * institution is re-scored with the on-site evaluation sheet "在5日内", reported to the evaluation
 * group, and after review a 《信用评价等级降级通知书》 is issued; the downgrade is publicised.
 * The downgrade takes effect with the notice (that is the act that 予以降级).
 * "5日" is calendar days (the seed says 工作日 where it means working days), counted the
 * statutory way — see calendarDayDeadline in working-days.ts.
 * The seed describes no in-year upgrade procedure, so only downgrades are modelled.
 */
import { levelRank, type CreditLevel } from './credit-level';
import { levelHiddenNotice, levelVisible, type InstitutionStatus } from './institution-status';
import { calendarDayDeadline, isOnOrBefore, parseIsoDate, toDayNumber, type IsoDate } from './working-days';

export type SupervisionMethod = '简化监督' | '常规监督' | '重点监督';

export interface SupervisionPlan {
  level: CreditLevel;
  method: SupervisionMethod;
  /** Minimum routine inspections per year. */
  minPerYear: number;
  /** Maximum routine inspections per year; null = no maximum ("不少于"). */
  maxPerYear: number | null;
  /** 差: 限期整改 (rectification within a time limit). */
  rectificationRequired: boolean;
  /** As printed in the seed's table, e.g. "1-2次/年". */
  frequencyText: string;
  /** e.g. "重点监督，限期整改，不少于4次/年". */
  description: string;
}

const PLANS: Record<CreditLevel, SupervisionPlan> = {
  优秀: {
    level: '优秀',
    method: '简化监督',
    minPerYear: 1,
    maxPerYear: 1,
    rectificationRequired: false,
    frequencyText: '1次/年',
    description: '简化监督，1次/年',
  },
  合格: {
    level: '合格',
    method: '常规监督',
    minPerYear: 1,
    maxPerYear: 2,
    rectificationRequired: false,
    frequencyText: '1-2次/年',
    description: '常规监督，1-2次/年',
  },
  差: {
    level: '差',
    method: '重点监督',
    minPerYear: 4,
    maxPerYear: null,
    rectificationRequired: true,
    frequencyText: '不少于4次/年',
    description: '重点监督，限期整改，不少于4次/年',
  },
};

/** The standardized-score band of each level, in words (the rules page; EXCELLENT_MIN_H, QUALIFIED_MIN_H). */
export const LEVEL_SCORE_BANDS: Readonly<Record<CreditLevel, string>> = { 优秀: '90 分（含）以上', 合格: '60 分（含）至 90 分', 差: '低于 60 分' };

export const SUPERVISION_EXEMPTION_NOTE = '因专项检查、处理投诉举报等事项需要进行的监督检查，不受上述频次限制。';

export function supervisionPlan(level: CreditLevel): SupervisionPlan {
  return PLANS[level];
}

/** Re-scoring after a violation is found must happen "在5日内". */
export const RESCORE_WITHIN_DAYS = 5;

export function rescoreDueDate(violationFoundOn: IsoDate): IsoDate {
  return calendarDayDeadline(violationFoundOn, RESCORE_WITHIN_DAYS);
}

export interface Downgrade {
  /** Date the violation calling for a downgrade was found in daily supervision. */
  violationFoundOn: IsoDate;
  /** Date of the new on-site scoring. */
  rescoredOn: IsoDate;
  /** New standardized score in hundredths, if known. */
  newScoreHundredths?: number | null;
  /** Level decided after re-scoring and review. */
  newLevel: CreditLevel;
  /** 降级通知书 number, e.g. "舞卫健降〔2025〕3号". */
  noticeNo: string;
  /** Date of the 降级通知书; the downgrade is effective from this date. */
  noticeDate: IsoDate;
}

export interface DowngradeIssue {
  field: keyof Downgrade;
  message: string;
}

/**
 * Checks a downgrade against the level it replaces. Lateness of re-scoring is an issue too:
 * the record is still valid history, but supervisors must see it.
 */
export function checkDowngrade(currentLevel: CreditLevel, d: Downgrade): DowngradeIssue[] {
  const issues: DowngradeIssue[] = [];
  for (const field of ['violationFoundOn', 'rescoredOn', 'noticeDate'] as const) {
    try {
      parseIsoDate(d[field]);
    } catch {
      issues.push({ field, message: '日期格式不正确（应为 YYYY-MM-DD）' });
    }
  }
  if (levelRank(d.newLevel) >= levelRank(currentLevel)) {
    issues.push({ field: 'newLevel', message: `降级后的级别必须低于当前级别（${currentLevel}）` });
  }
  if (d.noticeNo.trim() === '') issues.push({ field: 'noticeNo', message: '请填写降级通知书文号' });
  if (issues.some((i) => i.field !== 'newLevel' && i.field !== 'noticeNo')) return issues;

  if (toDayNumber(d.rescoredOn) < toDayNumber(d.violationFoundOn)) {
    issues.push({ field: 'rescoredOn', message: '重新评分日期不能早于发现违法违规行为的日期' });
  } else if (!isOnOrBefore(d.rescoredOn, rescoreDueDate(d.violationFoundOn))) {
    issues.push({
      field: 'rescoredOn',
      message: `应在发现之日起5日内重新评分（最迟${rescoreDueDate(d.violationFoundOn)}）`,
    });
  }
  if (toDayNumber(d.noticeDate) < toDayNumber(d.rescoredOn)) {
    issues.push({ field: 'noticeDate', message: '降级通知书日期不能早于重新评分日期' });
  }
  return issues;
}

export interface AnnualLevel {
  year: number;
  level: CreditLevel;
  /** Date of the annual evaluation (评价日期). */
  evaluatedOn: IsoDate;
}

export interface PublicLevelView {
  year: number;
  evaluatedOn: IsoDate;
  /** Level given by the annual evaluation. */
  annualLevel: CreditLevel;
  /** Level in force on `asOf`. */
  currentLevel: CreditLevel;
  /** The latest downgrade in force, if any. */
  downgrade: { from: CreditLevel; to: CreditLevel; noticeNo: string; noticeDate: IsoDate } | null;
  /** Every downgrade in force, oldest first (history stays visible). */
  downgrades: { from: CreditLevel; to: CreditLevel; noticeNo: string; noticeDate: IsoDate }[];
  supervision: SupervisionPlan;
  /** One line for the public page. */
  text: string;
}

/**
 * What the public page shows for one year's level on date `asOf`: the annual level, with every
 * downgrade whose notice is dated on or before `asOf` applied in notice-date order. A downgrade
 * that would not lower the level in force is ignored (it is not a downgrade any more).
 */
export function publicLevelView(annual: AnnualLevel, downgrades: readonly Downgrade[], asOf: IsoDate): PublicLevelView {
  const asOfDay = toDayNumber(asOf);
  const inForce = downgrades.filter((d) => toDayNumber(d.noticeDate) <= asOfDay).sort((a, b) => toDayNumber(a.noticeDate) - toDayNumber(b.noticeDate));
  let current = annual.level;
  const applied: PublicLevelView['downgrades'] = [];
  for (const d of inForce) {
    if (levelRank(d.newLevel) < levelRank(current)) {
      applied.push({ from: current, to: d.newLevel, noticeNo: d.noticeNo, noticeDate: d.noticeDate });
      current = d.newLevel;
    }
  }
  const last = applied.at(-1) ?? null;
  const base = `${annual.year}年度信用级别：${annual.level}（评价日期${annual.evaluatedOn}）`;
  const text = last
    ? `${annual.year}年度信用级别：${current}（${last.noticeDate}由${last.from}降为${last.to}，降级通知书${last.noticeNo}；年度评价${annual.level}，评价日期${annual.evaluatedOn}）`
    : base;
  return {
    year: annual.year,
    evaluatedOn: annual.evaluatedOn,
    annualLevel: annual.level,
    currentLevel: current,
    downgrade: last,
    downgrades: applied,
    supervision: supervisionPlan(current),
    text,
  };
}

export type PublicCreditDisplay = { visible: true; view: PublicLevelView } | { visible: false; status: InstitutionStatus; notice: string };

/**
 * Everything the public page needs for the credit block: the level view, or — for an
 * institution that is 歇业/注销/吊销 — the sentence to show instead (seed 001 附件1 七(三)).
 */
export function publicCreditDisplay(status: InstitutionStatus, annual: AnnualLevel, downgrades: readonly Downgrade[], asOf: IsoDate): PublicCreditDisplay {
  const notice = levelHiddenNotice(status);
  if (!levelVisible(status) && notice !== null) return { visible: false, status, notice };
  return { visible: true, view: publicLevelView(annual, downgrades, asOf) };
}
