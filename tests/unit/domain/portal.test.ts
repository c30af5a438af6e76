// The institution portal's pure rules (docs/portal.md; seed 004: 年度全面自查 and 季度常规自查).
import { describe, expect, it } from 'vitest';
import {
  isPortalKind,
  portalActorName,
  portalTransitionProblem,
  replyFor,
  replyLine,
  yuanOf,
  PORTAL_KINDS,
  PORTAL_KIND_LABELS,
  SELF_INSPECTION_KINDS,
  type ReplyRecord,
} from '../../../src/domain/portal';

describe('kinds', () => {
  it('every kind has a Chinese label; unknown values are not kinds', () => {
    for (const k of PORTAL_KINDS) expect(PORTAL_KIND_LABELS[k]).toMatch(/\p{Script=Han}/u);
    expect(isPortalKind('reply')).toBe(true);
    expect(isPortalKind('delete-penalty')).toBe(false);
    expect(isPortalKind(3)).toBe(false);
  });
  it('self-inspections are yearly full or quarterly routine (seed 004)', () => {
    expect(SELF_INSPECTION_KINDS).toEqual(['年度全面', '季度常规']);
  });
});

describe('states', () => {
  it('only a pending submission is decided or withdrawn', () => {
    expect(portalTransitionProblem('pending', 'approved')).toBeNull();
    expect(portalTransitionProblem('pending', 'rejected')).toBeNull();
    expect(portalTransitionProblem('pending', 'withdrawn')).toBeNull();
    expect(portalTransitionProblem('approved', 'withdrawn')).toBe('该报送当前为“已通过”，不能再撤回。');
    expect(portalTransitionProblem('withdrawn', 'approved')).toBe('该报送当前为“已撤回”，不能再审核。');
    expect(portalTransitionProblem('pending', 'pending')).toMatch(/不能再审核/);
  });
});

describe('audit name and reply lines', () => {
  it('names the account and its institution (audit_log.actor_id is for supervisors)', () => {
    expect(portalActorName('clinic', '青禾县某诊所')).toBe('机构账户 clinic（青禾县某诊所）');
  });
  const replies: ReplyRecord[] = [
    { subjectKind: 'evaluation', subjectKey: '2025', body: '旧回应', publishedOn: '2026-01-02' },
    { subjectKind: 'evaluation', subjectKey: '2025', body: '新回应', publishedOn: '2026-03-04' },
    { subjectKind: 'penalty', subjectKey: '青卫罚〔2026〕1号', body: '已缴纳罚款', publishedOn: '2026-02-01' },
  ];
  it('shows the newest reply to the level of that year, or to that penalty, beside it', () => {
    expect(replyFor(replies, 'evaluation', 2025)?.body).toBe('新回应');
    expect(replyFor(replies, 'penalty', '青卫罚〔2026〕1号')?.body).toBe('已缴纳罚款');
    expect(replyFor(replies, 'evaluation', 2024)).toBeNull();
    expect(replyFor(undefined, 'penalty', 'x')).toBeNull();
    expect(replyLine(replies[1]!)).toBe('机构回应（2026-03-04）：新回应');
  });
  it('prices in yuan with two decimals', () => {
    expect(yuanOf(1050)).toBe('10.50');
    expect(yuanOf(0)).toBe('0.00');
  });
});
