import { createHash } from 'node:crypto';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { invalid } from './errors';

/**
 * The verifiable 双随机 draw, algorithm 'draw-v1' (docs/inspections.md, section 双随机抽取).
 *
 * The commission publishes SHA-256(seed) before the draw and the seed after it. The random
 * numbers come from xoroshiro128+ (pure-rand) whose state is the first 16 bytes of
 * SHA-256('draw-v1\n' + seed): NOT the published hash, or anyone could run the draw before the
 * seed is revealed. Integers come from pure-rand's unbiased uniformInt. Candidates are sorted
 * canonically (institutions by code, inspectors by 执法证号, plain code-unit order, no locale), so
 * the list never depends on the database's row order. Pure: the same input and seed give the same
 * list on any machine, which is what `npm run draw:verify` relies on.
 */

export const DRAW_ALGORITHM = 'draw-v1';
export const DRAW_KINDS = ['双随机', '自查材料调取', '现场核查'] as const;
export type DrawKind = (typeof DRAW_KINDS)[number];

/** An institution as frozen when the seed hash is published. */
export interface CandidateInstitution {
  code: string;
  name: string;
  /** Credit level in force (优秀/合格/差) or 未评价. */
  level: string;
  /** Risk grade 高/中/低 or 未定. */
  risk: string;
  type: string;
  /** 乡镇街道 code (9 digits) or null when only the county is known. */
  township: string | null;
  hospitalGrade: string | null;
}

/** An inspector of the pool (a supervisor with a 执法证号). */
export interface CandidateInspector {
  enforcementNo: string;
  name: string;
  township: string | null;
  /** Codes of the institutions this inspector must not inspect (回避). */
  recusals: string[];
}

export interface DrawCandidates {
  institutions: CandidateInstitution[];
  inspectors: CandidateInspector[];
}

/**
 * A stratum rule: `match` is a stratum key with `*` for any part (双随机: 等级|风险|类型, e.g.
 * `差|*|*`; 自查材料调取: 二级以上 / 一级及以下; 现场核查: 调取机构). The first matching rule
 * sets the stratum's sample: `percent` of it rounded UP (at least 1 of a non-empty stratum when
 * percent > 0), or `count` institutions. A stratum no rule matches is not drawn.
 */
export interface StratumRule {
  match: string;
  percent?: number | undefined;
  count?: number | undefined;
}

export interface DrawPlan {
  rules: StratumRule[];
  /** Inspectors sent to each drawn institution (seed 004 / the law: at least two). */
  inspectorsPerItem: number;
}

export interface DrawItem {
  position: number;
  code: string;
  stratum: string;
  /** 执法证号 of the inspectors, in drawn order. */
  inspectors: string[];
}

export interface Stratum {
  key: string;
  size: number;
  rule: StratumRule | null;
  sample: number;
}

export const MIN_INSPECTORS = 2;
/**
 * Seed 002: "二级以上医疗机构调取比例为50%，一级及以下医疗机构调取比例不低于20%" and
 * "现场核查率不低于调取医疗机构数量比例的20%" — the floors a self-inspection plan may not go under.
 */
export const SELF_INSPECTION_FLOORS: Readonly<Record<string, number>> = { 二级以上: 50, 一级及以下: 20, 调取机构: 20 };
export const ON_SITE_STRATUM = '调取机构';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What is published before the draw. */
export function seedHashOf(seed: string): string {
  return sha256Hex(seed);
}

/** Code-unit order: the same on every machine (localeCompare depends on ICU data). */
export function canonicalCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function generatorOf(seed: string): RandomGenerator {
  const digest = createHash('sha256').update(`${DRAW_ALGORITHM}\n${seed}`, 'utf8').digest();
  return xoroshiro128plusFromState([0, 4, 8, 12].map((o) => digest.readInt32BE(o)));
}

/** 二级以上 (二级/三级 hospitals) or 一级及以下 (一级, 未定级, clinics without a grade). */
export function gradeBand(hospitalGrade: string | null): '二级以上' | '一级及以下' {
  return /^\s*[二三]级/.test(hospitalGrade ?? '') ? '二级以上' : '一级及以下';
}

export function stratumKey(kind: DrawKind, i: CandidateInstitution): string {
  if (kind === '自查材料调取') return gradeBand(i.hospitalGrade);
  if (kind === '现场核查') return ON_SITE_STRATUM;
  return `${i.level}|${i.risk}|${i.type}`;
}

export function ruleMatches(match: string, key: string): boolean {
  const want = match.split('|');
  const parts = key.split('|');
  if (want.length === 1 && want[0] === '*') return true;
  return want.length === parts.length && want.every((w, n) => w === '*' || w === parts[n]);
}

/** How many of `size` a rule draws: percent rounded up, at least 1 of a non-empty stratum. */
export function sampleSize(size: number, rule: StratumRule | null): number {
  if (!rule || size === 0) return 0;
  if (rule.count !== undefined) return rule.count;
  const percent = rule.percent ?? 0;
  if (percent <= 0) return 0;
  // Integer arithmetic: ceil(size × percent / 100) without floating error (percent has ≤ 2 decimals).
  const hundredths = Math.round(percent * 100);
  return Math.max(1, Math.ceil((size * hundredths) / 10000));
}

export function strataOf(kind: DrawKind, institutions: readonly CandidateInstitution[], plan: DrawPlan): (Stratum & { members: CandidateInstitution[] })[] {
  const groups = new Map<string, CandidateInstitution[]>();
  for (const i of [...institutions].sort((a, b) => canonicalCompare(a.code, b.code))) {
    const key = stratumKey(kind, i);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => canonicalCompare(a, b))
    .map(([key, members]) => {
      const rule = plan.rules.find((r) => ruleMatches(r.match, key)) ?? null;
      return { key, size: members.length, rule, sample: sampleSize(members.length, rule), members };
    });
}

/** What is wrong with a plan for a kind (empty: fine). */
export function planIssues(kind: DrawKind, plan: DrawPlan): string[] {
  const issues: string[] = [];
  if (!Number.isInteger(plan.inspectorsPerItem) || plan.inspectorsPerItem < MIN_INSPECTORS || plan.inspectorsPerItem > 10)
    issues.push(`每家派出执法人员：至少 ${MIN_INSPECTORS} 名，至多 10 名`);
  if (plan.rules.length === 0) issues.push('抽取规则：至少一条');
  plan.rules.forEach((r, n) => {
    const where = `抽取规则第 ${n + 1} 条（${r.match}）`;
    if ((r.percent === undefined) === (r.count === undefined)) issues.push(`${where}：写比例（%）或家数，二者选一`);
    if (r.percent !== undefined && !(r.percent >= 0 && r.percent <= 100)) issues.push(`${where}：比例应在 0–100% 之间`);
    if (r.count !== undefined && !(Number.isInteger(r.count) && r.count >= 0)) issues.push(`${where}：家数应为非负整数`);
    const parts = r.match.split('|');
    if (kind === '双随机' && !(parts.length === 3 || r.match === '*')) issues.push(`${where}：双随机的层写作“等级|风险|类型”，可用 * 代表任意`);
    if (kind !== '双随机') {
      if (r.match !== '*' && !(r.match in SELF_INSPECTION_FLOORS)) issues.push(`${where}：层只能是 二级以上、一级及以下、调取机构 或 *`);
      if (r.count !== undefined) issues.push(`${where}：自查材料调取和现场核查按比例抽取（种子文件规定的是比例）`);
    }
  });
  if (kind !== '双随机') {
    const bands = kind === '自查材料调取' ? ['二级以上', '一级及以下'] : [ON_SITE_STRATUM];
    for (const band of bands) {
      const rule = plan.rules.find((r) => ruleMatches(r.match, band));
      const floor = SELF_INSPECTION_FLOORS[band] ?? 0;
      if (!rule || (rule.percent ?? 0) < floor) issues.push(`${band}：比例不得低于 ${floor}%（种子文件 002）`);
    }
  }
  return issues;
}

/** The plans a new draw starts from (editable on the form). */
export function defaultPlan(kind: DrawKind): DrawPlan {
  if (kind === '自查材料调取')
    return {
      rules: [
        { match: '二级以上', percent: 50 },
        { match: '一级及以下', percent: 20 },
      ],
      inspectorsPerItem: 2,
    };
  if (kind === '现场核查') return { rules: [{ match: ON_SITE_STRATUM, percent: 20 }], inspectorsPerItem: 2 };
  // 双随机: more of the institutions at 差 or at high risk (seed 001: 差 at least four visits a year;
  // seed 002: closer supervision of 高风险), fewer of 优秀 at low risk; everything else 20 %.
  return {
    rules: [
      { match: '差|*|*', percent: 100 },
      { match: '*|高|*', percent: 50 },
      { match: '优秀|低|*', percent: 10 },
      { match: '*', percent: 20 },
    ],
    inspectorsPerItem: 2,
  };
}

/** The rules as the form's text: one per line, "层 比例%" or "层 N家". */
export function formatRules(rules: readonly StratumRule[]): string {
  return rules.map((r) => (r.count !== undefined ? `${r.match} ${r.count}家` : `${r.match} ${r.percent ?? 0}%`)).join('\n');
}

/** The form's text back into rules; errors name the line. */
export function parseRules(text: string): { rules: StratumRule[]; errors: string[] } {
  const rules: StratumRule[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, n) => {
    const line = raw.trim();
    if (line === '') return;
    const m = /^(\S+)\s+(\d+(?:\.\d{1,2})?)\s*(%|％|家)$/.exec(line);
    if (!m) {
      errors.push(`抽取规则第 ${n + 1} 行：应写作“层 比例%”或“层 家数家”，例如“差|*|* 100%”`);
      return;
    }
    const [, match = '', value = '0', unit] = m;
    rules.push(unit === '家' ? { match, count: Number(value) } : { match, percent: Number(value) });
  });
  return { rules, errors };
}

function drawFrom<T>(rng: RandomGenerator, pool: readonly T[], n: number): T[] {
  // Partial Fisher–Yates: position i takes a uniform pick among the items not yet taken.
  const a = [...pool];
  for (let i = 0; i < n; i += 1) {
    const j = uniformInt(rng, i, a.length - 1);
    const x = a[i] as T;
    a[i] = a[j] as T;
    a[j] = x;
  }
  return a.slice(0, n);
}

/** Inspectors who may inspect `inst`: not of its township, not recused. */
export function eligibleInspectors(inst: CandidateInstitution, pool: readonly CandidateInspector[]): CandidateInspector[] {
  return pool.filter((p) => !(p.township !== null && inst.township !== null && p.township === inst.township) && !p.recusals.includes(inst.code));
}

/** The draw: institutions stratum by stratum (strata in key order), then inspectors for each in turn. */
export function runDraw(kind: DrawKind, plan: DrawPlan, candidates: DrawCandidates, seed: string): DrawItem[] {
  const issues = planIssues(kind, plan);
  if (issues.length > 0) throw invalid(issues.join('；'));
  const numbers = new Set(candidates.inspectors.map((p) => p.enforcementNo));
  if (numbers.size !== candidates.inspectors.length) throw invalid('执法人员：执法证号有重复，无法唯一确定抽取结果');
  const rng = generatorOf(seed);
  const picked: { inst: CandidateInstitution; stratum: string }[] = [];
  for (const s of strataOf(kind, candidates.institutions, plan)) {
    if (s.sample > s.size) throw invalid(`层“${s.key}”只有 ${s.size} 家机构，计划抽取 ${s.sample} 家`);
    for (const inst of drawFrom(rng, s.members, s.sample)) picked.push({ inst, stratum: s.key });
  }
  const pool = [...candidates.inspectors].sort((a, b) => canonicalCompare(a.enforcementNo, b.enforcementNo));
  return picked.map(({ inst, stratum }, n) => {
    const eligible = eligibleInspectors(inst, pool);
    if (eligible.length < plan.inspectorsPerItem)
      throw invalid(
        `${inst.name}（${inst.code}）：排除同乡镇和回避的执法人员后只剩 ${eligible.length} 名，每家需要 ${plan.inspectorsPerItem} 名，请扩大执法人员库`,
      );
    return { position: n + 1, code: inst.code, stratum, inspectors: drawFrom(rng, eligible, plan.inspectorsPerItem).map((p) => p.enforcementNo) };
  });
}

/** The first place two lists differ (Chinese), or null when they are the same. */
export function firstDifference(published: readonly DrawItem[], recomputed: readonly DrawItem[]): string | null {
  const n = Math.max(published.length, recomputed.length);
  for (let i = 0; i < n; i += 1) {
    const a = published[i];
    const b = recomputed[i];
    if (!a || !b) return `第 ${i + 1} 项：公布的结果${a ? '多出' : '缺少'}这一项（公布 ${published.length} 项，重算 ${recomputed.length} 项）`;
    if (a.code !== b.code || a.stratum !== b.stratum) return `第 ${i + 1} 项：公布的机构为 ${a.code}（${a.stratum}），重算为 ${b.code}（${b.stratum}）`;
    if (a.inspectors.join(',') !== b.inspectors.join(','))
      return `第 ${i + 1} 项（${a.code}）：公布的执法人员为 ${a.inspectors.join('、')}，重算为 ${b.inspectors.join('、')}`;
  }
  return null;
}
