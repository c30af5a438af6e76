import { describe, expect, it } from 'vitest';
import { indexRegions } from '../../../src/domain/disclosure-board';
import {
  ALL,
  dishonestyEntries,
  downgradeEntries,
  evaluationYears,
  filterOptions,
  filterPages,
  listPath,
  quarterPublications,
  redBlack,
  typeFromSlug,
  typeSlug,
  TYPE_SLUGS,
  yearList,
} from '../../../src/domain/public-lists';
import { downgradeRecord, evaluation, institution, REGIONS } from './builders';

const regions = indexRegions(REGIONS);
const asOf = '2026-11-20';

const red = institution({ name: '甲医院', type: '医院', evaluations: [evaluation({ level: '优秀', scoreLevel: '优秀', standardizedScore: 95 })] });
const red2 = institution({ name: '乙诊所', regionCode: '419021002', evaluations: [evaluation({ level: '优秀', scoreLevel: '优秀', standardizedScore: 97 })] });
const black = institution({
  name: '丙诊所',
  regionCode: '419022001',
  evaluations: [evaluation({ level: '差', scoreLevel: '合格', standardizedScore: 85, reasons: ['双星'] })],
});
const downgradedToBlack = institution({
  name: '丁诊所',
  evaluations: [
    evaluation({
      level: '合格',
      downgrades: [
        { decidedOn: '2026-11-01', noticeNo: '降1', fromLevel: '合格', toLevel: '差', newScore: 55, reason: '违法', rescoredOn: null, rescoreReasons: [] },
      ],
    }),
  ],
});
const downgradedFromRed = institution({
  name: '戊医院',
  type: '医院',
  evaluations: [
    evaluation({
      level: '优秀',
      scoreLevel: '优秀',
      standardizedScore: 99,
      downgrades: [
        { decidedOn: '2026-11-02', noticeNo: '降2', fromLevel: '优秀', toLevel: '合格', newScore: 80, reason: '违法', rescoredOn: null, rescoreReasons: [] },
      ],
    }),
  ],
});
const review = institution({ evaluations: [evaluation({ level: '优秀', reviewStatus: '复核中' })] });
const closed = institution({ status: '歇业', evaluations: [evaluation({ level: '优秀' })] });
const never = institution();
const all = [red, red2, black, downgradedToBlack, downgradedFromRed, review, closed, never];

describe('red/black list', () => {
  const list = yearList(all, regions, 2026, asOf);

  it('counts every evaluated institution but lists only shown levels', () => {
    expect(list.evaluatedCount).toBe(7);
    expect(list.underReviewCount).toBe(1);
    expect(list.hiddenCount).toBe(1);
    expect(list.entries).toHaveLength(5);
  });

  it('puts the level in force on the lists: a downgrade leaves the red list and can join the black one', () => {
    const r = redBlack(list.entries, { area: ALL, type: ALL });
    expect(r.red.map((e) => e.name)).toEqual(['乙诊所', '甲医院']);
    expect(r.black.map((e) => e.name)).toEqual(['丁诊所', '丙诊所']);
    expect(r.counts).toEqual({ 优秀: 2, 合格: 1, 差: 2 });
    expect(r.black[0]!.downgrade?.noticeNo).toBe('降1');
  });

  it('a downgraded entry shows its re-score and names what decided its level; the downgrade list gives the same reason (issue 12 item 9)', () => {
    const inst = institution({
      name: '己诊所',
      evaluations: [
        evaluation({
          level: '合格',
          scoreLevel: '优秀',
          standardizedScore: 92.5,
          reasons: ['单星（★）否决项不符合要求1项，不能评为优秀等级'],
          downgrades: [downgradeRecord()],
        }),
      ],
    });
    const [entry] = redBlack(yearList([inst], regions, 2026, asOf).entries, { area: ALL, type: ALL }).black;
    expect(entry?.standardizedScore).toBe(55);
    expect(entry?.listReason).toBe('2026-11-05由合格降为差：超范围执业；重新评分：标化得分55.00，低于60分');
    expect(entry?.listReason).not.toContain('★');
    const [listed] = downgradeEntries([inst], regions, asOf);
    expect(entry?.listReason.endsWith(listed!.reason)).toBe(true);
  });

  it('filters by county, township and type', () => {
    expect(redBlack(list.entries, { area: '419022', type: ALL }).black.map((e) => e.name)).toEqual(['丙诊所']);
    expect(redBlack(list.entries, { area: '419021002', type: ALL }).red.map((e) => e.name)).toEqual(['乙诊所']);
    expect(redBlack(list.entries, { area: ALL, type: 'hospital' }).red.map((e) => e.name)).toEqual(['甲医院']);
  });

  it('offers counties as areas when there are several, with their townships below', () => {
    const o = filterOptions(list.entries, regions);
    expect(o.multiCounty).toBe(true);
    expect(o.areas.map((a) => a.name)).toEqual(['样例县', '另一县']);
    expect(o.subAreas.get('419021')?.map((a) => a.name)).toEqual(['城关镇', '东城街道']);
    expect(o.types.map((t) => t.type)).toEqual(['医院', '诊所']);
    const pages = filterPages(list.entries, o);
    expect(pages).toContainEqual({ area: '419021', type: 'hospital' });
    expect(pages).toContainEqual({ area: '419021002', type: ALL });
    expect(pages).not.toContainEqual({ area: '419022', type: 'hospital' });
    expect(pages).not.toContainEqual({ area: '419021002', type: 'clinic' });
  });

  it('offers townships when there is one county', () => {
    const one = yearList([red, red2], regions, 2026, asOf);
    const o = filterOptions(one.entries, regions);
    expect(o.multiCounty).toBe(false);
    expect(o.areas.map((a) => a.code)).toEqual(['419021001', '419021002']);
    expect(filterPages(one.entries, o)).toContainEqual({ area: '419021001', type: 'hospital' });
  });

  it('knows the years and builds the paths', () => {
    expect(evaluationYears([red, institution({ evaluations: [evaluation({ year: 2024 })] })], asOf)).toEqual([2026, 2024]);
    expect(listPath(2026)).toBe('/lists/2026/');
    expect(listPath(2026, '419021', 'clinic')).toBe('/lists/2026/419021/clinic/');
    expect(typeFromSlug(typeSlug('社区卫生服务中心'))).toBe('社区卫生服务中心');
    expect(new Set(TYPE_SLUGS.map(([, s]) => s)).size).toBe(TYPE_SLUGS.length);
  });
});

describe('downgrades, dishonesty and points publications', () => {
  it('lists downgrades newest first, including closed institutions', () => {
    expect(downgradeEntries(all, regions, asOf).map((d) => d.noticeNo)).toEqual(['降2', '降1']);
    expect(downgradeEntries(all, regions, '2026-11-01').map((d) => d.noticeNo)).toEqual(['降1']);
  });

  it('lists current dishonesty entries first and keeps removed ones', () => {
    const a = institution({ name: '失信甲', dishonesty: [{ listedOn: '2026-01-01', decisionNo: 'A', reason: 'r', removedOn: '2026-06-01' }] });
    const b = institution({ name: '失信乙', dishonesty: [{ listedOn: '2025-01-01', decisionNo: 'B', reason: 'r', removedOn: null }] });
    expect(dishonestyEntries([a, b], regions, asOf).map((d) => [d.decisionNo, d.active])).toEqual([
      ['B', true],
      ['A', false],
    ]);
  });

  it('publishes ended quarters only, without voided points', () => {
    const p = institution({
      points: [
        { foundOn: '2026-07-02', behaviour: 'a', points: 2, source: '监督检查', department: null, status: '有效', staffName: '王五' },
        { foundOn: '2026-07-03', behaviour: 'b', points: 4, source: '监督检查', department: null, status: '已撤销', staffName: null },
        { foundOn: '2026-10-03', behaviour: 'c', points: 1, source: '监督检查', department: null, status: '有效', staffName: null },
      ],
    });
    const pubs = quarterPublications([p], regions, asOf);
    expect(pubs.map((q) => [q.slug, q.total, q.dueDate])).toEqual([['2026-q3', 2, '2026-10-10']]);
    expect(pubs[0]!.lines[0]!.target).toBe('医务人员 王*');
    expect(quarterPublications([p], regions, '2027-01-01').map((q) => q.slug)).toEqual(['2026-q4', '2026-q3']);
  });
});
