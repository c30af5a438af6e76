import { describe, expect, it } from 'vitest';
import { disclosureBoard, indexRegions } from '../../../src/domain/disclosure-board';
import { institutionsCsv, NO_REGION, openDataDocument, openInstitution, openRegion, OPEN_DATA_FIELDS } from '../../../src/domain/open-data';
import { csvCell } from '../../../src/domain/csv';
import { downgradeRecord, evaluation, institution, REGIONS } from './builders';

const regions = indexRegions(REGIONS);

describe('open data', () => {
  const inst = institution({
    name: '样例医院',
    legalRepresentative: '王建国',
    principal: '李秀英',
    staff: [{ id: 1, name: '张三', profession: '医师', practiceCategory: '临床', practiceScope: null, certificateNo: '110419021000123', title: null }],
    evaluations: [evaluation({ level: '优秀', scoreLevel: '优秀', standardizedScore: 93.5 })],
    penalties: [
      { decisionNo: 'P1', decidedOn: '2026-01-01', violation: 'v', basis: 'b', penalty: '警告', fineYuan: 100, shownUntil: '2027-01-01', staffName: '张三' },
      { decisionNo: 'OLD', decidedOn: '2020-01-01', violation: 'v', basis: 'b', penalty: '警告', fineYuan: null, shownUntil: '2021-01-01', staffName: null },
    ],
  });
  const row = openInstitution(disclosureBoard(inst, regions, '2026-11-20'), 'https://x/i/T/');

  it('publishes the level, score and the penalties still on show', () => {
    expect(row).toMatchObject({ level_status: '优秀', level: '优秀', level_year: 2026, standardized_score: 93.5, penalties_shown: 1 });
    expect(row.penalties.map((p) => p.decision_no)).toEqual(['P1']);
  });

  it('publishes the rating figures once there are ratings, and says none otherwise', () => {
    expect(row).toMatchObject({ rating_mean: null, rating_count: 0 });
    const rated = openInstitution(disclosureBoard({ ...inst, rating: { mean: 4.3, count: 12 } }, regions, '2026-11-20'), 'https://x/i/T/');
    expect(rated).toMatchObject({ rating_mean: 4.3, rating_count: 12 });
  });

  it('after a downgrade exports the re-score as the score, its basis and the downgrade reason', () => {
    const down = institution({
      evaluations: [
        evaluation({
          level: '合格',
          standardizedScore: 92.5,
          downgrades: [downgradeRecord()],
        }),
      ],
    });
    const r = openInstitution(disclosureBoard(down, regions, '2026-11-20'), 'https://x/i/T/');
    expect(r).toMatchObject({
      level: '差',
      standardized_score: 55,
      score_basis: '降级重新评分',
      downgraded_on: '2026-11-05',
      downgrade_notice_no: '降3',
      downgrade_reason: '超范围执业；重新评分：标化得分55.00，低于60分',
    });
    expect(row).toMatchObject({ score_basis: '年度评价', downgrade_reason: null });
  });

  it('contains nothing personal', () => {
    const text = JSON.stringify(row);
    for (const personal of ['王建国', '李秀英', '张三', '110419021000123']) expect(text).not.toContain(personal);
  });

  it('carries the region: the institution’s own code and its county, so one file can be split by county (issue 16)', () => {
    expect(openRegion(regions, '419022001')).toEqual({ region_code: '419022001', county_code: '419022', county_name: '另一县' });
    expect(openRegion(regions, '419021')).toEqual({ region_code: '419021', county_code: '419021', county_name: '样例县' });
    // A prefecture is above any county; an unknown or missing code gives empty columns, never a guess.
    expect(openRegion(regions, '419000')).toEqual({ region_code: '419000', county_code: null, county_name: null });
    expect(openRegion(regions, '419099001')).toEqual(NO_REGION);
    expect(openRegion(regions, null)).toEqual(NO_REGION);
    expect(row).toMatchObject(NO_REGION);
    const placed = openInstitution(disclosureBoard(inst, regions, '2026-11-20'), 'https://x/i/T/', openRegion(regions, '419021001'));
    expect(placed).toMatchObject({ region_code: '419021001', county_code: '419021', county_name: '样例县' });
    expect(institutionsCsv([placed]).split('\r\n')[1]).toMatch(/,419021001,419021,样例县$/);
  });

  it('writes the JSON file as a header and one institution per line', () => {
    expect(openDataDocument({ title: 't', count: 2 }, [{ a: 1 }, { a: 2 }])).toBe('{"title":"t","count":2,"institutions":[\n{"a":1},\n{"a":2}\n]}\n');
    expect(JSON.parse(openDataDocument({ count: 0 }, []))).toEqual({ count: 0, institutions: [] });
  });

  it('has a dictionary entry for every exported field', () => {
    const { penalties: _p, radiology: _r, ...fields } = row;
    expect(OPEN_DATA_FIELDS.map((f) => f.key).sort()).toEqual(Object.keys(fields).sort());
  });

  it('writes CSV that Excel reads safely', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('是');
    const csv = institutionsCsv([row]);
    expect(csv.startsWith('\uFEFF机构代码,公示页地址,机构名称')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(3);
  });
});
