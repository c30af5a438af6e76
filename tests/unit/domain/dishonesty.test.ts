import { describe, expect, it } from 'vitest';
import { dishonestyActive } from '../../../src/domain/disclosure-board';
import {
  approvedListedOn,
  checkProposal,
  dishonestyNoteRequired,
  claimsPlatformPush,
  dishonestyBanner,
  dishonestyDateBlocker,
  dishonestyHistoryLine,
  DISHONESTY_GROUNDS,
  DISHONESTY_SOURCE_TEXT,
  DISHONESTY_TRANSITIONS,
  isShownOn,
  proposalRefusal,
  publicRecord,
  type DishonestyEntryRecord,
} from '../../../src/domain/dishonesty';
import { JURISDICTION_REFUSAL, VIEWER_REFUSAL } from '../../../src/domain/lifecycle-transitions';

const entry: DishonestyEntryRecord = {
  grounds: ['不良记分', '既往监督检查'],
  reason: '2026年多次使用非卫生技术人员从事医疗卫生技术工作，拒不整改',
  legalBasis: '《医疗机构管理条例》',
  listedOn: '2026-11-10',
  displayUntil: '2027-11-09',
  state: 'listed',
  decisionNo: '青禾卫健失〔2026〕1号',
  repairAppliedOn: null,
  endedOn: null,
};

describe("criteria — seed 004 names the list and the record's sources, not criteria", () => {
  it('the six grounds are the sources seed 004 lists, quoted', () => {
    expect(DISHONESTY_GROUNDS).toEqual(['依法执业自查结果', '信用评价结果', '校验管理', '既往监督检查', '投诉举报', '不良记分']);
    for (const g of DISHONESTY_GROUNDS) expect(DISHONESTY_SOURCE_TEXT).toContain(g);
  });
  it('a proposal cites at least one ground, the facts, a legal basis and a display period', () => {
    expect(checkProposal(entry)).toEqual([]);
    expect(checkProposal({ ...entry, grounds: [] })[0]).toContain('请至少选择一项列入依据');
    expect(checkProposal({ ...entry, grounds: ['两次处罚' as never] })).toEqual(['列入依据不正确']);
    expect(checkProposal({ ...entry, reason: ' ' })).toEqual(['请填写列入原因（具体失信事实）']);
    expect(checkProposal({ ...entry, legalBasis: '' })).toEqual(['请填写法律依据']);
    expect(checkProposal({ ...entry, displayUntil: '2026-11-09' })).toEqual(['公示截止日期不能早于列入日期']);
    expect(checkProposal({ ...entry, displayUntil: '2026-11-10' })).toEqual([]);
    expect(checkProposal({ ...entry, listedOn: '2026-13-01' })).toEqual(['日期格式不正确（应为 YYYY-MM-DD）']);
  });
  it('no text may claim records are pushed to the 公共信用信息平台', () => {
    expect(checkProposal({ ...entry, reason: '已推送至公共信用信息平台' })).toEqual(['本平台尚未向公共信用信息平台报送信息，原因中不能写已推送']);
    expect(claimsPlatformPush('已推送')).toBe(true);
    expect(claimsPlatformPush('严重失信名单')).toBe(false);
  });
});

describe('who proposes — a district supervisor in their district, or an administrator', () => {
  it('refusals', () => {
    expect(proposalRefusal({ role: 'district', inJurisdiction: true })).toBeNull();
    expect(proposalRefusal({ role: 'admin', inJurisdiction: false })).toBeNull();
    expect(proposalRefusal({ role: 'district', inJurisdiction: false })).toBe(JURISDICTION_REFUSAL);
    expect(proposalRefusal({ role: 'viewer', inJurisdiction: true })).toBe(VIEWER_REFUSAL);
  });
});

describe('dates', () => {
  it('"公示期满" only after the last display day', () => {
    expect(dishonestyDateBlocker('expire', entry, '2027-11-09')).toBe('公示期至2027-11-09，期满前不能移出');
    expect(dishonestyDateBlocker('expire', entry, '2027-11-10')).toBeNull();
  });
  it('a repair decision not before the application', () => {
    const applied = { ...entry, state: 'repair-applied' as const, repairAppliedOn: '2027-03-01' };
    expect(dishonestyDateBlocker('grant-repair', applied, '2027-02-28')).toBe('修复决定日期不能早于申请日期');
    expect(dishonestyDateBlocker('refuse-repair', applied, '2027-02-28')).toBe('修复决定日期不能早于申请日期');
    expect(dishonestyDateBlocker('grant-repair', applied, '2027-03-01')).toBeNull();
    expect(dishonestyDateBlocker('grant-repair', entry, '2027-03-01')).toBeNull();
  });
  it('approval needs the decision number', () => {
    expect(dishonestyDateBlocker('approve', { ...entry, state: 'proposed', decisionNo: null }, '2026-11-10')).toBe('请填写列入决定文号');
    expect(dishonestyDateBlocker('approve', { ...entry, state: 'proposed' }, '2026-11-10')).toBeNull();
  });
});

describe('public list and banner in each state', () => {
  it('公示中: banner from the listing day to the last display day', () => {
    expect(dishonestyBanner(entry, '2026-11-09')).toBeNull();
    expect(dishonestyBanner(entry, '2026-11-10')).toBe(
      '该机构已列入严重失信名单（青禾卫健失〔2026〕1号，2026-11-10起公示，公示期至2027-11-09）。列入原因：2026年多次使用非卫生技术人员从事医疗卫生技术工作，拒不整改。',
    );
    expect(dishonestyBanner(entry, '2027-11-09')).not.toBeNull();
    expect(dishonestyBanner(entry, '2027-11-10')).toBeNull();
  });
  it('信用修复申请中: still listed, the banner says a repair is being examined', () => {
    const applied = { ...entry, state: 'repair-applied' as const, repairAppliedOn: '2027-03-01' };
    expect(dishonestyBanner(applied, '2027-03-02')).toContain('该机构已于2027-03-01申请信用修复，正在审核。');
    expect(dishonestyBanner({ ...applied, repairAppliedOn: null }, '2027-03-02')).toContain('该机构已于申请信用修复');
    expect(dishonestyBanner({ ...entry, decisionNo: null }, '2027-03-02')).toContain('（，2026-11-10起公示');
  });
  it('proposed / rejected / withdrawn are never public', () => {
    for (const state of ['proposed', 'rejected', 'withdrawn'] as const) {
      expect(publicRecord({ ...entry, state })).toBeNull();
      expect(dishonestyBanner({ ...entry, state }, '2026-12-01')).toBeNull();
      expect(dishonestyHistoryLine({ ...entry, state }, '2026-12-01')).toBeNull();
    }
  });
  it('removedOn is the first day off the list (disclosure-board dishonestyActive)', () => {
    expect(publicRecord(entry)).toEqual({ listedOn: '2026-11-10', decisionNo: '青禾卫健失〔2026〕1号', reason: entry.reason, removedOn: '2027-11-10' });
    const repaired = { ...entry, state: 'repaired' as const, endedOn: '2027-03-15' };
    const rec = publicRecord(repaired);
    expect(rec?.removedOn).toBe('2027-03-15');
    expect(rec && dishonestyActive(rec, '2027-03-14')).toBe(true);
    expect(rec && dishonestyActive(rec, '2027-03-15')).toBe(false);
    expect(publicRecord({ ...entry, state: 'expired' })?.removedOn).toBe('2027-11-10');
    expect(publicRecord({ ...entry, state: 'revoked', endedOn: '2028-01-01' })?.removedOn).toBe('2027-11-10');
  });
  it('history lines after the entry leaves the list', () => {
    expect(dishonestyHistoryLine(entry, '2027-01-01')).toBeNull();
    expect(dishonestyHistoryLine(entry, '2026-11-01')).toBeNull();
    expect(dishonestyHistoryLine({ ...entry, state: 'repaired', endedOn: '2027-03-15' }, '2027-04-01')).toBe(
      '2026-11-10列入严重失信名单（青禾卫健失〔2026〕1号），2027-03-15经信用修复移出',
    );
    expect(dishonestyHistoryLine({ ...entry, state: 'repaired' }, '2027-04-01')).toContain('，经信用修复移出');
    expect(dishonestyHistoryLine({ ...entry, state: 'revoked', endedOn: '2026-12-01' }, '2027-04-01')).toBe(
      '2026-11-10列入严重失信名单（青禾卫健失〔2026〕1号），2026-12-01经复核撤销列入',
    );
    expect(dishonestyHistoryLine({ ...entry, state: 'revoked' }, '2027-04-01')).toContain('，经复核撤销列入');
    expect(dishonestyHistoryLine({ ...entry, state: 'expired' }, '2027-12-01')).toBe(
      '2026-11-10列入严重失信名单（青禾卫健失〔2026〕1号），公示期至2027-11-09，期满移出',
    );
    expect(dishonestyHistoryLine(entry, '2027-12-01')).toContain('期满移出');
  });
  it('isShownOn', () => {
    expect(isShownOn({ ...entry, state: 'repaired' }, '2027-01-01')).toBe(false);
    expect(isShownOn(entry, '2027-01-01')).toBe(true);
  });
  it("no state's text claims a push to the 公共信用信息平台", () => {
    for (const state of DISHONESTY_TRANSITIONS.states) {
      const r = { ...entry, state, repairAppliedOn: '2027-03-01', endedOn: '2027-03-15' };
      for (const asOf of ['2026-12-01', '2027-04-01', '2028-01-01']) {
        for (const t of [dishonestyBanner(r, asOf), dishonestyHistoryLine(r, asOf)]) expect(claimsPlatformPush(t ?? '')).toBe(false);
      }
      expect(claimsPlatformPush(DISHONESTY_TRANSITIONS.stateLabels[state])).toBe(false);
    }
  });
});

describe('approval and the reasons of each action (issue 12 item 6)', () => {
  it('nobody is listed before the decision: a later approval moves the start to the decision date', () => {
    expect(approvedListedOn(entry, '2026-11-01')).toBe('2026-11-10');
    expect(approvedListedOn(entry, '2026-11-10')).toBe('2026-11-10');
    expect(approvedListedOn(entry, '2026-11-12')).toBe('2026-11-12');
  });
  it('every action but the end of the period needs a written reason or decision', () => {
    expect(DISHONESTY_TRANSITIONS.rules.map((r) => r.action).filter((a) => !dishonestyNoteRequired(a))).toEqual(['expire']);
  });
});
