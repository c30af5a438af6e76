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
