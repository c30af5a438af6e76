import { describe, expect, it } from 'vitest';
import {
  canonicalCompare,
  defaultPlan,
  eligibleInspectors,
  firstDifference,
  formatRules,
  gradeBand,
  parseRules,
  planIssues,
  ruleMatches,
  runDraw,
  sampleSize,
  seedHashOf,
  strataOf,
  type CandidateInspector,
  type CandidateInstitution,
  type DrawCandidates,
  type DrawPlan,
} from '../../../src/domain/draw';

const inst = (n: number, over: Partial<CandidateInstitution> = {}): CandidateInstitution => ({
  code: `C${String(n).padStart(4, '0')}`,
  name: `机构${n}`,
  level: '合格',
  risk: '中',
  type: '诊所',
  township: `33010200${n % 3}`,
  hospitalGrade: null,
  ...over,
});
const insp = (n: number, over: Partial<CandidateInspector> = {}): CandidateInspector => ({
  enforcementNo: `ZF${String(n).padStart(3, '0')}`,
  name: `执法员${n}`,
  township: null,
  recusals: [],
  ...over,
});
const pool = (k: number) => Array.from({ length: k }, (_, n) => insp(n + 1));
const candidates = (institutions: CandidateInstitution[], inspectors = pool(6)): DrawCandidates => ({ institutions, inspectors });
const SEED = 'a'.repeat(64);
const plan20: DrawPlan = { rules: [{ match: '*', percent: 20 }], inspectorsPerItem: 2 };

describe('draw-v1', () => {
  const many = Array.from({ length: 50 }, (_, n) => inst(n));

  it('publishes the SHA-256 of the seed (hex)', () => {
    expect(seedHashOf('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('same seed → same list; different seed → different list', () => {
    const a = runDraw('双随机', plan20, candidates(many), SEED);
    const b = runDraw('双随机', plan20, candidates(many), SEED);
    const c = runDraw('双随机', plan20, candidates(many), 'b'.repeat(64));
    expect(a).toEqual(b);
    expect(a).toHaveLength(10); // ceil(50 × 20 %)
    expect(a.map((i) => i.code)).not.toEqual(c.map((i) => i.code));
    expect(firstDifference(a, c)).toMatch(/^第 \d+ 项/);
    expect(firstDifference(a, b)).toBeNull();
  });

  it('does not depend on the order the database returned the candidates in', () => {
    const shuffled = [...many].reverse();
    const inspectors = pool(6).reverse();
    expect(runDraw('双随机', plan20, candidates(shuffled, inspectors), SEED)).toEqual(runDraw('双随机', plan20, candidates(many), SEED));
  });

  it('is not computable from the published hash alone (the generator is keyed differently)', () => {
    // Seeding with the hash itself as the seed gives another list: knowing the hash does not give the draw.
    expect(runDraw('双随机', plan20, candidates(many), seedHashOf(SEED))).not.toEqual(runDraw('双随机', plan20, candidates(many), SEED));
  });

  it('numbers the items 1..n, each institution at most once, with distinct inspectors', () => {
    const items = runDraw('双随机', { ...plan20, inspectorsPerItem: 3 }, candidates(many), SEED);
    expect(items.map((i) => i.position)).toEqual(items.map((_, n) => n + 1));
    expect(new Set(items.map((i) => i.code)).size).toBe(items.length);
    for (const i of items) expect(new Set(i.inspectors).size).toBe(3);
  });

  it('excludes inspectors of the institution’s own township and recused inspectors', () => {
    const one = [inst(1, { township: '330102001' })];
    const inspectors = [
      insp(1, { township: '330102001' }), // same township
      insp(2, { recusals: ['C0001'] }), // 回避
      insp(3),
      insp(4, { township: '330102002' }),
    ];
    for (const seed of ['s'.repeat(16), 't'.repeat(16), 'u'.repeat(16), 'v'.repeat(16)]) {
      const [item] = runDraw('双随机', { rules: [{ match: '*', count: 1 }], inspectorsPerItem: 2 }, candidates(one, inspectors), seed);
      expect(item?.inspectors.sort()).toEqual(['ZF003', 'ZF004']);
    }
    expect(eligibleInspectors(inst(2, { township: null }), inspectors).map((p) => p.enforcementNo)).toEqual(['ZF001', 'ZF002', 'ZF003', 'ZF004']);
  });

  it('refuses clearly when the inspector pool cannot be satisfied', () => {
    const one = [inst(1, { township: '330102001' })];
    const inspectors = [insp(1, { township: '330102001' }), insp(2)];
    expect(() => runDraw('双随机', { rules: [{ match: '*', count: 1 }], inspectorsPerItem: 2 }, candidates(one, inspectors), SEED)).toThrow(
      /机构1（C0001）：排除同乡镇和回避的执法人员后只剩 1 名，每家需要 2 名/,
    );
  });

  it('refuses when a stratum has fewer institutions than its count', () => {
    expect(() => runDraw('双随机', { rules: [{ match: '*', count: 3 }], inspectorsPerItem: 2 }, candidates([inst(1), inst(2)]), SEED)).toThrow(
      /层“合格\|中\|诊所”只有 2 家机构，计划抽取 3 家/,
    );
  });

  it('refuses duplicate 执法证号 and a bad plan', () => {
    expect(() => runDraw('双随机', plan20, candidates(many, [insp(1), insp(1), insp(2)]), SEED)).toThrow(/执法证号有重复/);
    expect(() => runDraw('双随机', { ...plan20, inspectorsPerItem: 1 }, candidates(many), SEED)).toThrow(/至少 2 名/);
  });

  it('rounds ratios up, at least one per non-empty stratum; 0 % and unmatched strata draw none', () => {
    expect(sampleSize(10, { match: '*', percent: 20 })).toBe(2);
    expect(sampleSize(11, { match: '*', percent: 20 })).toBe(3); // 2.2 → 3
    expect(sampleSize(3, { match: '*', percent: 20 })).toBe(1); // 0.6 → 1
    expect(sampleSize(1, { match: '*', percent: 0.5 })).toBe(1);
    expect(sampleSize(7, { match: '*', percent: 0 })).toBe(0);
    expect(sampleSize(0, { match: '*', percent: 50 })).toBe(0);
    expect(sampleSize(5, null)).toBe(0);
    expect(sampleSize(5, { match: '*', count: 2 })).toBe(2);
    expect(sampleSize(100, { match: '*', percent: 14.29 })).toBe(15);
  });

  it('draws by level × risk × type strata, first matching rule wins', () => {
    const list = [
      ...Array.from({ length: 4 }, (_, n) => inst(n, { level: '差', risk: '低' })),
      ...Array.from({ length: 10 }, (_, n) => inst(10 + n, { level: '合格', risk: '高', type: '医院' })),
      ...Array.from({ length: 10 }, (_, n) => inst(30 + n, { level: '优秀', risk: '低' })),
      ...Array.from({ length: 10 }, (_, n) => inst(50 + n)),
    ];
    const plan = defaultPlan('双随机');
    const strata = strataOf('双随机', list, plan);
    expect(strata.map((s) => [s.key, s.size, s.sample])).toEqual([
      ['优秀|低|诊所', 10, 1],
      ['合格|中|诊所', 10, 2],
      ['合格|高|医院', 10, 5],
      ['差|低|诊所', 4, 4],
    ]);
    const items = runDraw('双随机', plan, candidates(list), SEED);
    expect(items.map((i) => i.stratum)).toEqual([
      ...Array(1).fill('优秀|低|诊所'),
      ...Array(2).fill('合格|中|诊所'),
      ...Array(5).fill('合格|高|医院'),
      ...Array(4).fill('差|低|诊所'),
    ]);
    expect(strataOf('双随机', list, { rules: [{ match: '差|*|*', percent: 100 }], inspectorsPerItem: 2 }).filter((s) => s.sample > 0)).toHaveLength(1);
  });

  it('matches rules by parts with * for any part', () => {
    expect(ruleMatches('*', '差|高|诊所')).toBe(true);
    expect(ruleMatches('差|*|*', '差|高|诊所')).toBe(true);
    expect(ruleMatches('*|高|*', '合格|中|诊所')).toBe(false);
    expect(ruleMatches('差|*', '差|高|诊所')).toBe(false);
    expect(ruleMatches('二级以上', '二级以上')).toBe(true);
  });
});

describe('self-inspection sampling (seed 002)', () => {
  // Seed 002: "二级以上医疗机构调取比例为50%，一级及以下医疗机构调取比例不低于20%"
  it('draws 50 % of 二级以上 and at least 20 % of 一级及以下 files', () => {
    const list = [
      ...Array.from({ length: 4 }, (_, n) => inst(n, { type: '医院', hospitalGrade: n % 2 ? '三级甲等' : '二级乙等' })),
      ...Array.from({ length: 6 }, (_, n) => inst(10 + n, { type: '卫生院', hospitalGrade: n % 2 ? '一级' : '未定级' })),
      ...Array.from({ length: 10 }, (_, n) => inst(20 + n)),
    ];
    const items = runDraw('自查材料调取', defaultPlan('自查材料调取'), candidates(list), SEED);
    expect(items.filter((i) => i.stratum === '二级以上')).toHaveLength(2); // 50 % of 4
    expect(items.filter((i) => i.stratum === '一级及以下')).toHaveLength(4); // ceil(20 % of 16)
    expect(gradeBand('二级甲等')).toBe('二级以上');
    expect(gradeBand('三级')).toBe('二级以上');
    expect(gradeBand('一级甲等')).toBe('一级及以下');
    expect(gradeBand(null)).toBe('一级及以下');
  });

  it('refuses a plan under the seed floors', () => {
    expect(
      planIssues('自查材料调取', {
        rules: [
          { match: '二级以上', percent: 40 },
          { match: '一级及以下', percent: 20 },
        ],
        inspectorsPerItem: 2,
      }),
    ).toEqual(['二级以上：比例不得低于 50%（种子文件 002）']);
    expect(planIssues('自查材料调取', { rules: [{ match: '二级以上', percent: 50 }], inspectorsPerItem: 2 })).toEqual([
      '一级及以下：比例不得低于 20%（种子文件 002）',
    ]);
    expect(planIssues('自查材料调取', { rules: [{ match: '*', percent: 50 }], inspectorsPerItem: 2 })).toEqual([]);
    expect(
      planIssues('自查材料调取', {
        rules: [
          { match: '二级以上', count: 3 },
          { match: '一级及以下', percent: 20 },
        ],
        inspectorsPerItem: 2,
      }),
    ).toEqual(['抽取规则第 1 条（二级以上）：自查材料调取和现场核查按比例抽取（种子文件规定的是比例）', '二级以上：比例不得低于 50%（种子文件 002）']);
    expect(planIssues('现场核查', { rules: [{ match: '医院', percent: 30 }], inspectorsPerItem: 2 })).toEqual([
      '抽取规则第 1 条（医院）：层只能是 二级以上、一级及以下、调取机构 或 *',
      '调取机构：比例不得低于 20%（种子文件 002）',
    ]);
  });

  // Seed 002: "现场核查率不低于调取医疗机构数量比例的20%"
  it('checks on site at least 20 % of the institutions whose files were drawn', () => {
    const drawn = Array.from({ length: 12 }, (_, n) => inst(n));
    const items = runDraw('现场核查', defaultPlan('现场核查'), candidates(drawn), SEED);
    expect(items).toHaveLength(3); // ceil(12 × 20 %) = 3
    expect(items.every((i) => i.stratum === '调取机构')).toBe(true);
  });
});

describe('plans', () => {
  it('checks the rules', () => {
    expect(planIssues('双随机', defaultPlan('双随机'))).toEqual([]);
    expect(planIssues('现场核查', defaultPlan('现场核查'))).toEqual([]);
    expect(planIssues('双随机', { rules: [], inspectorsPerItem: 11 })).toEqual(['每家派出执法人员：至少 2 名，至多 10 名', '抽取规则：至少一条']);
    expect(planIssues('双随机', { rules: [{ match: '差', percent: 120 }, { match: '*' }, { match: '*|*|*', count: 1.5 }], inspectorsPerItem: 2 })).toEqual([
      '抽取规则第 1 条（差）：比例应在 0–100% 之间',
      '抽取规则第 1 条（差）：双随机的层写作“等级|风险|类型”，可用 * 代表任意',
      '抽取规则第 2 条（*）：写比例（%）或家数，二者选一',
      '抽取规则第 3 条（*|*|*）：家数应为非负整数',
    ]);
  });

  it('reads and writes the form text', () => {
    const text = formatRules([
      { match: '差|*|*', percent: 100 },
      { match: '*|*|诊所', count: 3 },
    ]);
    expect(text).toBe('差|*|* 100%\n*|*|诊所 3家');
    expect(parseRules(`${text}\n\n优秀|低|* 12.5％`)).toEqual({
      rules: [
        { match: '差|*|*', percent: 100 },
        { match: '*|*|诊所', count: 3 },
        { match: '优秀|低|*', percent: 12.5 },
      ],
      errors: [],
    });
    expect(parseRules('差 很多').errors).toEqual(['抽取规则第 1 行：应写作“层 比例%”或“层 家数家”，例如“差|*|* 100%”']);
  });

  it('orders by code unit, not locale', () => {
    expect(['b', 'B', 'a'].sort(canonicalCompare)).toEqual(['B', 'a', 'b']);
    expect(canonicalCompare('a', 'a')).toBe(0);
  });

  it('reports a list that is longer or shorter', () => {
    const item = { position: 1, code: 'C1', stratum: 's', inspectors: ['a', 'b'] };
    expect(firstDifference([item], [])).toMatch(/多出/);
    expect(firstDifference([], [item])).toMatch(/缺少/);
    expect(firstDifference([item], [{ ...item, inspectors: ['a', 'c'] }])).toMatch(/执法人员/);
  });
});
