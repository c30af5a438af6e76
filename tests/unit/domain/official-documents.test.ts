import { describe, expect, it } from 'vitest';
import {
  issuerFor,
  chineseDate,
  DOCUMENT_KINDS,
  DOCUMENT_TITLES,
  documentNumber,
  DocumentNumberError,
  downgradeNotice,
  evaluationResultNotice,
  nextSequence,
  parseDocumentNumber,
  pointsNotice,
  rectificationNotice,
  type Issuer,
} from '../../../src/domain/official-documents';
import { claimsPlatformPush } from '../../../src/domain/dishonesty';

const issuer: Issuer = { commissionName: '青禾县卫生健康委员会', commissionAbbreviation: '青禾卫健', schemeTitle: '青禾县医疗机构依法执业信用评价实施方案' };
const common = { issuer, institutionName: '青禾县城关镇康宁诊所', issuedOn: '2026-11-12', sequence: 1 };

describe('document numbers in the seeds\' style ("舞卫健发〔2021〕89号")', () => {
  it('青禾卫健降〔2026〕1号 and one prefix per kind', () => {
    expect(documentNumber('青禾卫健', 'downgrade', 2026, 1)).toBe('青禾卫健降〔2026〕1号');
    expect(DOCUMENT_KINDS.map((k) => documentNumber('青禾卫健', k, 2026, 12))).toEqual([
      '青禾卫健评〔2026〕12号',
      '青禾卫健降〔2026〕12号',
      '青禾卫健记〔2026〕12号',
      '青禾卫健改〔2026〕12号',
    ]);
  });
  it('refuses a bad abbreviation, year or sequence', () => {
    expect(() => documentNumber('QH', 'downgrade', 2026, 1)).toThrow(DocumentNumberError);
    expect(() => documentNumber('青', 'downgrade', 2026, 1)).toThrow('机关简称应为2至10个汉字');
    expect(() => documentNumber('青禾卫健', 'downgrade', 1999, 1)).toThrow('年份不正确');
    expect(() => documentNumber('青禾卫健', 'downgrade', 2026, 0)).toThrow('序号必须是正整数');
    expect(() => documentNumber('青禾卫健', 'downgrade', 2026, 1.5)).toThrow(DocumentNumberError);
  });
  it('parses its own numbers and nothing else', () => {
    expect(parseDocumentNumber('青禾卫健降〔2026〕7号')).toEqual({ abbreviation: '青禾卫健', kind: 'downgrade', year: 2026, sequence: 7 });
    expect(parseDocumentNumber('舞卫健发〔2021〕89号')).toBeNull();
    expect(parseDocumentNumber('青禾卫健降〔2026〕07号')).toBeNull();
  });
  it('the yearly sequence restarts each year, per kind and commission', () => {
    const issued = ['青禾卫健降〔2026〕1号', '青禾卫健降〔2026〕3号', '青禾卫健评〔2026〕9号', '青禾卫健降〔2025〕20号', '别处卫健降〔2026〕50号', '乱写'];
    expect(nextSequence(issued, '青禾卫健', 'downgrade', 2026)).toBe(4);
    expect(nextSequence(issued, '青禾卫健', 'downgrade', 2027)).toBe(1);
    expect(nextSequence(issued, '青禾卫健', 'rectification', 2026)).toBe(1);
  });
  it('dates in Chinese', () => {
    expect(chineseDate('2026-11-02')).toBe('2026年11月2日');
  });
});

describe('评价结果告知书 — "书面告知医疗机构评价结果"', () => {
  it('level, score, deciding reasons, supervision, 公示栏 within 1 month, review rights (3日 / 10个工作日)', () => {
    const n = evaluationResultNotice({ ...common, year: 2026, standardizedScore: 55.5, level: '差', decidingReasons: ['标化得分55.50，低于60分'] });
    expect(n.title).toBe('医疗机构依法执业信用评价结果告知书');
    expect(n.documentNo).toBe('青禾卫健评〔2026〕1号');
    expect(n.addressee).toBe('青禾县城关镇康宁诊所：');
    expect(n.body).toEqual([
      '根据《青禾县医疗机构依法执业信用评价实施方案》，经现场评价和信用综合评定，你单位2026年度依法执业信用评价标化得分为55.50分，信用级别为“差”。',
      '评定依据：标化得分55.50，低于60分。',
      '依据信用级别，对你单位实行重点监督，限期整改，不少于4次/年。',
      '你单位已纳入医疗机构整改单位和重点监管范围，请按限期整改通知书的要求整改。',
      '请在确认信用级别后1个月内，在醒目位置悬挂统一格式的医疗机构依法执业信息公示栏，接受社会监督。',
    ]);
    expect(n.legalBasis).toBe('《青禾县医疗机构依法执业信用评价实施方案》');
    expect(n.appealRights).toBe(
      '如对评价结果有异议，可在收到本告知书之日起3日内向青禾县卫生健康委员会提出复核申请，青禾县卫生健康委员会受理后10个工作日内作出决定。',
    );
    expect(n.issuer).toBe('青禾县卫生健康委员会');
    expect(n.issuedOnText).toBe('2026年11月12日');
  });
  it('an 优秀 without reasons has no 整改 paragraph', () => {
    const n = evaluationResultNotice({ ...common, year: 2026, standardizedScore: 95, level: '优秀', decidingReasons: [] });
    expect(n.body).toHaveLength(3);
    expect(n.body[1]).toBe('依据信用级别，对你单位实行简化监督，1次/年。');
  });
});

describe('降级通知书 — "经审查后出具…降级通知书予以降级"', () => {
  it('finding, re-score, from → to, basis and review rights', () => {
    const n = downgradeNotice({
      ...common,
      year: 2026,
      foundOn: '2026-11-02',
      findingSource: '日常监督',
      finding: '使用非卫生技术人员从事医疗卫生技术工作。',
      rescoredOn: '2026-11-06',
      rescoreScore: 58,
      fromLevel: '合格',
      toLevel: '差',
      decidingReasons: ['标化得分58.00，低于60分'],
    });
    expect(n.title).toBe(DOCUMENT_TITLES.downgrade);
    expect(n.documentNo).toBe('青禾卫健降〔2026〕1号');
    expect(n.body[0]).toBe('2026年11月2日，在日常监督中发现你单位存在以下违法违规行为：使用非卫生技术人员从事医疗卫生技术工作。');
    expect(n.body[1]).toContain('于2026年11月6日使用现场评价表重新评分，标化得分为58.00分。经信用评价小组审查，你单位2026年度依法执业信用级别由“合格”降为“差”');
    expect(n.body[2]).toBe('评定依据：标化得分58.00，低于60分。');
    expect(n.body[3]).toBe('依据调整后的信用级别，对你单位实行重点监督，限期整改，不少于4次/年。请及时更新信用级别标识。');
    expect(n.appealRights).toContain('如对降级决定有异议，可在收到本通知书之日起3日内');
    const noReasons = downgradeNotice({
      ...common,
      year: 2026,
      foundOn: '2026-11-02',
      findingSource: '投诉查处',
      finding: 'x',
      rescoredOn: '2026-11-06',
      rescoreScore: 80,
      fromLevel: '优秀',
      toLevel: '合格',
      decidingReasons: [],
    });
    expect(noReasons.body).toHaveLength(3);
  });
});

describe('不良执业行为记分通知书 — seed 000', () => {
  it('points, measure, "不得消除记分", appeal "收到《记分通知书》之日起3日内…受理后10个工作日内"', () => {
    const n = pointsNotice({
      ...common,
      measureTitle: 'XX省医疗机构及医务人员不良执业行为记分管理办法（试行）',
      foundOn: '2026-11-02',
      department: '卫生监督所',
      source: '日常管理',
      target: '你单位',
      behaviour: '未按规定公示执业信息。',
      points: 2,
    });
    expect(n.documentNo).toBe('青禾卫健记〔2026〕1号');
    expect(n.body).toEqual([
      '2026年11月2日，卫生监督所在日常管理中发现你单位存在以下不良执业行为：未按规定公示执业信息。',
      '依据《XX省医疗机构及医务人员不良执业行为记分管理办法（试行）》，记2分。',
      '不良执业行为记分作为医疗机构校验依据，记分记录不予消除。',
    ]);
    expect(n.appealRights).toBe('如对记分有异议，可在收到本通知书之日起3日内向青禾县卫生健康委员会申诉，青禾县卫生健康委员会受理后10个工作日内作出决定。');
    expect(
      pointsNotice({ ...common, measureTitle: 'm', foundOn: '2026-11-02', department: 'd', source: 's', target: 't', behaviour: 'b', points: 1.5 }).body[1],
    ).toBe('依据《m》，记1.50分。');
  });
});

describe('限期整改通知书 — "同时责令整改"; consequence from 实施方案 六(三)', () => {
  it('items, deadline, report, consequence; no review rights in the seeds', () => {
    const n = rectificationNotice({
      ...common,
      orderedOn: '2026-11-05',
      dueOn: '2026-12-07',
      cause: '你单位2026年度信用级别为“差”',
      items: ['完善消毒隔离制度', '规范处方书写'],
    });
    expect(n.documentNo).toBe('青禾卫健改〔2026〕1号');
    expect(n.body).toEqual([
      '因你单位2026年度信用级别为“差”，根据《青禾县医疗机构依法执业信用评价实施方案》，责令你单位对下列问题限期整改：',
      '1. 完善消毒隔离制度',
      '2. 规范处方书写',
      '请于2026年12月7日前（含当日）整改完毕，并向青禾县卫生健康委员会提交书面整改报告。',
      '对拒不整改或未能按时整改合格的医疗机构，暂缓校验，暂缓校验期满后仍不能达到要求的，依法注销其《医疗机构执业许可证》。',
    ]);
    expect(n.appealRights).toBeNull();
    expect(claimsPlatformPush(n.body.join(''))).toBe(false);
  });
});

describe('the issuer from the site settings ("舞卫健发" for 舞阳县)', () => {
  it('drops 县/区/市 and adds 卫健', () => {
    expect(issuerFor('青禾县卫生健康委员会', '青禾县')).toEqual({
      commissionName: '青禾县卫生健康委员会',
      commissionAbbreviation: '青禾卫健',
      schemeTitle: '青禾县医疗机构依法执业信用评价实施方案',
    });
    expect(issuerFor('舞阳县卫生健康委员会', '舞阳县').commissionAbbreviation).toBe('舞阳卫健');
    expect(issuerFor('长白朝鲜族自治县卫生健康委员会', '长白朝鲜族自治县').commissionAbbreviation).toBe('长白朝鲜族卫健');
  });
  it('works from the authority alone and never gives an invalid abbreviation', () => {
    expect(issuerFor('城东区卫生健康委员会', '').commissionAbbreviation).toBe('城东卫健');
    expect(issuerFor('卫生健康委员会', '').commissionAbbreviation).toBe('卫健');
    expect(issuerFor('', 'Test').commissionName).toBe('Test卫生健康委员会');
  });

  it('uses the configured commission name and abbreviation (SITE_COMMISSION_NAME / SITE_COMMISSION_ABBR) over the derived ones', () => {
    // Without a dataset identity the abbreviation falls back to "卫健"; a deployment names its own.
    expect(issuerFor('卫生健康委员会', '').commissionAbbreviation).toBe('卫健');
    const configured = issuerFor('卫生健康委员会', '', { name: '青禾县卫生健康委员会', abbreviation: '青禾卫健' });
    expect(configured).toEqual({
      commissionName: '青禾县卫生健康委员会',
      commissionAbbreviation: '青禾卫健',
      schemeTitle: '青禾县医疗机构依法执业信用评价实施方案',
    });
    expect(issuerFor('舞阳县卫生健康委员会', '舞阳县', { abbreviation: '舞卫健' }).commissionAbbreviation).toBe('舞卫健');
    expect(issuerFor('舞阳县卫生健康委员会', '舞阳县', { name: undefined, abbreviation: undefined }).commissionName).toBe('舞阳县卫生健康委员会');
  });
});
