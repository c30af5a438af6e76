import { describe, expect, it } from 'vitest';
import {
  INSTITUTION_STATUSES,
  isInstitutionStatus,
  levelHiddenNotice,
  levelVisible,
  parseInstitutionStatus,
  posterAvailable,
  ratingLinkAvailable,
  institutionOffers,
  statusChangeProblems,
} from '../../../src/domain/institution-status';

describe('institution status', () => {
  it('only 执业 shows the level', () => {
    expect(INSTITUTION_STATUSES.filter(levelVisible)).toEqual(['执业']);
  });

  it('gives the sentence to show instead', () => {
    expect(levelHiddenNotice('执业')).toBeNull();
    expect(levelHiddenNotice('歇业')).toBe('该机构已歇业，按规定停止使用信用级别标识，不再公示信用级别。');
    expect(levelHiddenNotice('注销')).toContain('已被注销');
    expect(levelHiddenNotice('吊销')).toContain('已被吊销');
  });

  it('parses statuses and synonyms', () => {
    expect(parseInstitutionStatus(' 歇业 ')).toBe('歇业');
    expect(parseInstitutionStatus('正常')).toBe('执业');
    expect(parseInstitutionStatus('已吊销')).toBe('吊销');
    expect(parseInstitutionStatus('停业')).toBe('歇业');
    expect(parseInstitutionStatus('未知')).toBeNull();
    expect(isInstitutionStatus('注销')).toBe(true);
    expect(isInstitutionStatus(3)).toBe(false);
  });
});

describe('closed institutions offer nothing that carries the level (seed 001 七(三) "停止使用信用级别标识并交回")', () => {
  it('歇业 / 注销 / 吊销: no level, no poster, no rating link; complaints and history stay', () => {
    for (const status of ['歇业', '注销', '吊销'] as const) {
      expect(institutionOffers(status)).toEqual({ level: false, poster: false, ratingLink: false, complaintLink: true, history: true });
      expect(posterAvailable(status)).toBe(false);
      expect(ratingLinkAvailable(status)).toBe(false);
    }
  });
  it('执业: everything', () => {
    expect(institutionOffers('执业')).toEqual({ level: true, poster: true, ratingLink: true, complaintLink: true, history: true });
    expect(posterAvailable('执业')).toBe(true);
    expect(ratingLinkAvailable('执业')).toBe(true);
  });
});

describe('statusChangeProblems (issue 12 item 8: a status change with date and reason)', () => {
  const change = { from: '执业' as const, to: '吊销' as const, changedOn: '2026-06-10', reason: '青禾卫医罚〔2026〕3号' };
  it('accepts a change dated today or before, after the last one', () => {
    expect(statusChangeProblems(change, '2026-06-10', null)).toEqual([]);
    expect(statusChangeProblems(change, '2026-06-30', '2026-06-10')).toEqual([]);
  });
  it('refuses no change, no reason, a future date and a date before the last change', () => {
    expect(statusChangeProblems({ ...change, to: '执业' }, '2026-06-30', null)).toEqual(['该机构当前已是“执业”状态']);
    expect(statusChangeProblems({ ...change, reason: '  ' }, '2026-06-30', null)).toEqual(['请填写变更原因（如注销或吊销的决定文号）']);
    expect(statusChangeProblems(change, '2026-06-09', null)).toEqual(['变更日期不能晚于今天']);
    expect(statusChangeProblems(change, '2026-06-30', '2026-06-11')).toEqual(['变更日期不能早于上一次状态变更（2026-06-11）']);
  });
});
