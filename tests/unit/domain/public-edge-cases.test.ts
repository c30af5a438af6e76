import { describe, expect, it } from 'vitest';
import {
  compareDates,
  disclosureBoard,
  evaluationBreakdown,
  indexRegions,
  levelDisplay,
  levelSummary,
  levelWord,
  licenseState,
  shownPenalties,
  type PenaltyRecord,
} from '../../../src/domain/disclosure-board';
import { openInstitution } from '../../../src/domain/open-data';
import {
  ALL,
  dishonestyEntries,
  downgradeEntries,
  evaluationYears,
  filterOptions,
  quarterPublications,
  redBlack,
  typeFromSlug,
  typeSlug,
  yearList,
} from '../../../src/domain/public-lists';
import { pagefindRecord } from '../../../src/domain/search';
import { evaluation, institution, REGIONS } from './builders';

const regions = indexRegions(REGIONS);
const asOf = '2026-11-20';

describe('words for every level state', () => {
  it('summarises each state in one line', () => {
    const lines = [
      institution({ status: '歇业' }),
      institution({ status: '吊销', evaluations: [evaluation()] }),
      institution(),
      institution({ evaluations: [evaluation({ reviewStatus: '复核中' })] }),
      institution({ evaluations: [evaluation({ level: '优秀' })] }),
    ].map((i) => levelSummary(levelDisplay(i, asOf)));
    expect(lines).toEqual(['已歇业，不公示信用级别', '许可证已吊销，不公示信用级别', '暂无信用评价', '2026年度信用评价复核中', '2026年度信用级别：优秀']);
    expect(levelWord({ kind: 'under-review', year: 2026, evaluatedOn: asOf })).toBe('复核中');
  });

  it('keeps a downgrade without a new score, and the reason of the downgrade in force', () => {
    const d = levelDisplay(
      institution({
        evaluations: [
          evaluation({
            level: '合格',
            downgrades: [
              {
                decidedOn: '2026-11-01',
                noticeNo: 'N1',
                fromLevel: '合格',
                toLevel: '差',
                newScore: null,
                reason: '原因',
                rescoredOn: null,
                rescoreReasons: [],
              },
            ],
          }),
        ],
      }),
      asOf,
    );
    expect(d).toMatchObject({ kind: 'rated', level: '差', downgrade: { noticeNo: 'N1', reason: '原因' } });
  });

  it('names the licence state of closed institutions', () => {
    expect(licenseState({ status: '歇业', licenseValidTo: null }, asOf)).toEqual({ state: '已歇业', valid: false });
    expect(licenseState({ status: '注销', licenseValidTo: null }, asOf)).toEqual({ state: '许可证已注销', valid: false });
  });
});

describe('ordering and small cases', () => {
  it('compares dates and orders penalties of the same day by decision number', () => {
    expect([compareDates('2026-01-02', '2026-01-02'), compareDates('2026-01-01', '2026-01-02'), compareDates('2026-01-03', '2026-01-02')]).toEqual([0, -1, 1]);
    const p = (no: string): PenaltyRecord => ({
      decisionNo: no,
      decidedOn: '2026-05-01',
      violation: 'v',
      basis: 'b',
      penalty: 'p',
      fineYuan: null,
      shownUntil: '2027-01-01',
      staffName: null,
    });
    expect(shownPenalties([p('B'), p('A')], asOf).map((x) => x.decisionNo)).toEqual(['A', 'B']);
  });

  it('shows per-item scores with or without a maximum, and staff without a certificate', () => {
    const rows = evaluationBreakdown(
      evaluation({
        itemScores: [
          { item: '甲项', score: 5, max: null },
          { item: '乙项', score: 8, max: 10 },
        ],
      }),
    );
    expect(rows.slice(-2)).toEqual([
      { label: '甲项', value: '5' },
      { label: '乙项', value: '8 / 10' },
    ]);
    const b = disclosureBoard(
      institution({ staff: [{ id: 1, name: '赵六', profession: '护士', practiceCategory: null, practiceScope: null, certificateNo: null, title: null }] }),
      regions,
      asOf,
    );
    expect(b.staff[0]!.certificate).toBeNull();
  });

  it('maps unknown type slugs safely', () => {
    expect(typeSlug('不存在的类别')).toBe('other');
    expect(typeFromSlug('nope')).toBeNull();
  });

  it('orders ties by name, skips unknown regions and keeps townships without a county together', () => {
    const a = institution({ name: '乙', evaluations: [evaluation({ level: '优秀', standardizedScore: 95 })] });
    const b = institution({ name: '甲', evaluations: [evaluation({ level: '优秀', standardizedScore: 95 })] });
    const c = institution({ name: '丙', regionCode: '999999', evaluations: [evaluation({ level: '差', standardizedScore: 50 })] });
    const d = institution({ name: '丁', evaluations: [evaluation({ level: '差', standardizedScore: 50 })] });
    const list = yearList([a, b, c, d], regions, 2026, asOf);
    const rb = redBlack(list.entries, { area: ALL, type: ALL });
    expect(rb.red.map((e) => e.name)).toEqual(['甲', '乙']); // pinyin: jia < yi
    expect(rb.black.map((e) => e.name)).toEqual(['丙', '丁']); // pinyin: bing < ding
    expect(filterOptions(list.entries, regions).areas.map((x) => x.code)).toEqual(['419021001']);
    const orphan = indexRegions([
      ...REGIONS,
      { code: '419023', name: '县甲', level: 3, parentCode: null },
      { code: '419023001', name: '镇甲', level: 4, parentCode: null },
      { code: '419024', name: '县乙', level: 3, parentCode: null },
    ]);
    const e = institution({ regionCode: '419023001', evaluations: [evaluation()] });
    const f = institution({ regionCode: '419024', evaluations: [evaluation()] });
    const g = institution({ regionCode: '419023', evaluations: [evaluation()] });
    const o = filterOptions(yearList([e, f, g], orphan, 2026, asOf).entries, orphan);
    expect(o.multiCounty).toBe(true);
    expect(o.subAreas.get('')?.map((x) => x.name)).toEqual(['镇甲']);
  });

  it('leaves out what happens after the day shown', () => {
    expect(evaluationYears([institution({ evaluations: [evaluation({ year: 2027, evaluatedOn: '2027-10-01' })] })], asOf)).toEqual([]);
    const later = institution({ dishonesty: [{ listedOn: '2026-12-01', decisionNo: 'X', reason: 'r', removedOn: null }] });
    expect(dishonestyEntries([later], regions, asOf)).toEqual([]);
    const same = institution({
      evaluations: [
        evaluation({
          downgrades: [
            { decidedOn: '2026-11-01', noticeNo: 'B', fromLevel: '合格', toLevel: '差', newScore: 50, reason: 'r', rescoredOn: null, rescoreReasons: [] },
            { decidedOn: '2026-11-01', noticeNo: 'A', fromLevel: '合格', toLevel: '差', newScore: 50, reason: 'r', rescoredOn: null, rescoreReasons: [] },
            { decidedOn: '2026-12-01', noticeNo: 'C', fromLevel: '合格', toLevel: '差', newScore: 50, reason: 'r', rescoredOn: null, rescoreReasons: [] },
          ],
        }),
      ],
    });
    expect(downgradeEntries([same], regions, asOf).map((x) => x.noticeNo)).toEqual(['A', 'B']);
    const listedSameDay = [
      institution({ name: '一', dishonesty: [{ listedOn: '2026-01-01', decisionNo: 'P', reason: 'r', removedOn: null }] }),
      institution({ name: '二', dishonesty: [{ listedOn: '2026-01-01', decisionNo: 'Q', reason: 'r', removedOn: null }] }),
      institution({ name: '三', dishonesty: [{ listedOn: '2026-02-01', decisionNo: 'R', reason: 'r', removedOn: null }] }),
    ];
    expect(dishonestyEntries(listedSameDay, regions, asOf).map((x) => x.decisionNo)).toEqual(['R', 'P', 'Q']);
  });

  it('publishes points of institutions without a region, under appeal, ordered by date then name', () => {
    const point = (foundOn: string, status: '有效' | '申诉中') => ({
      foundOn,
      behaviour: 'b',
      points: 1,
      source: '监督检查',
      department: null,
      status,
      staffName: null,
    });
    const x = institution({ name: '乙院', regionCode: null, points: [point('2026-07-05', '申诉中'), point('2026-07-01', '有效')] });
    const y = institution({ name: '甲院', points: [point('2026-07-05', '有效')] });
    const [pub] = quarterPublications([x, y], regions, asOf);
    expect(pub!.lines.map((l) => [l.foundOn, l.name, l.status, l.countyCode])).toEqual([
      ['2026-07-01', '乙院', '有效', null],
      ['2026-07-05', '甲院', '有效', '419021'],
      ['2026-07-05', '乙院', '申诉处理中', null],
    ]);
    expect(pub!.institutionCount).toBe(2);
  });
});

describe('open data of the states without a level', () => {
  it('says why there is no level, with the year of a review', () => {
    const row = (i: ReturnType<typeof institution>) => openInstitution(disclosureBoard(i, regions, asOf), 'u');
    expect(row(institution({ evaluations: [evaluation({ reviewStatus: '复核中' })] }))).toMatchObject({
      level_status: '复核中',
      level: null,
      level_year: 2026,
      evaluated_on: '2026-10-10',
      supervision: null,
    });
    expect(row(institution())).toMatchObject({ level_status: '暂无评价', level: null, level_year: null, evaluated_on: null, standardized_score: null });
    expect(row(institution({ status: '注销', evaluations: [evaluation()] }))).toMatchObject({ level_status: '不公示', level: null });
  });

  it('indexes a record without an address', () => {
    const r = pagefindRecord({ url: '/i/A/', name: '甲', address: null, area: '', areaCodes: [], type: '诊所', typeSlug: 'clinic', level: '合格' });
    expect(r.content).toBe('甲\n诊所');
    expect(r.meta['address']).toBe('');
  });
});
