import { describe, expect, it } from 'vitest';
import { completeDiff, diffSnapshots, EMPTY_SNAPSHOT, summarizeDiff, type SiteSnapshot } from '../../../src/domain/publish-changes';

const before: SiteSnapshot = {
  levels: {
    '1': { code: 'A1', name: '甲', year: 2025, level: '优秀' },
    '2': { code: 'B2', name: '乙', year: 2025, level: '合格' },
    '3': { code: 'C3', name: '丙', year: 2025, level: '合格' },
    '4': { code: 'D4', name: '丁', year: 2025, level: '差' },
  },
  penaltyIds: [1, 2],
  downgradeIds: [5],
};

describe('what a publication changes', () => {
  it('lists downgrades first, then upgrades, new evaluations and new years', () => {
    const after: SiteSnapshot = {
      levels: {
        '1': { code: 'A1', name: '甲', year: 2025, level: '合格' }, // downgraded
        '2': { code: 'B2', name: '乙', year: 2025, level: '合格' }, // unchanged
        '3': { code: 'C3', name: '丙', year: 2026, level: '合格' }, // new year, same level
        '5': { code: 'E5', name: '戊', year: 2026, level: '优秀' }, // new
        '4': { code: 'D4', name: '丁', year: 2026, level: '合格' }, // up
      },
      penaltyIds: [1, 2, 3],
      downgradeIds: [5, 6],
    };
    const d = diffSnapshots(before, after);
    expect(d.levelChanges.map((c) => [c.code, c.direction])).toEqual([
      ['A1', 'down'],
      ['D4', 'up'],
      ['E5', 'new'],
      ['C3', 'same'],
    ]);
    expect(d.levelChanges[0]).toMatchObject({ from: '优秀', to: '合格', fromYear: 2025, toYear: 2025, institutionId: 1 });
    expect(d.newPenaltyIds).toEqual([3]);
    expect(d.newDowngradeIds).toEqual([6]);
    expect(d.levelsRemoved).toEqual([]);
    expect(summarizeDiff(d)).toBe('等级变化 4 家（其中降级 1 家），新增行政处罚 1 件，新增降级通知 1 件');
  });

  it('a first publication lists everything as new', () => {
    const d = diffSnapshots(EMPTY_SNAPSHOT, before);
    expect(d.levelChanges.every((c) => c.direction === 'new')).toBe(true);
    expect(d.newPenaltyIds).toEqual([1, 2]);
  });

  it('reports levels that disappear', () => {
    const d = diffSnapshots(before, { ...before, levels: { '1': before.levels['1']! } });
    expect(d.levelsRemoved.map((r) => r.code)).toEqual(['B2', 'C3', 'D4']);
    expect(d.levelChanges).toEqual([]);
  });

  it('reads a diff stored before the later kinds existed as having none of them', () => {
    const stored = { levelChanges: [], levelsRemoved: [], newPenaltyIds: [7], newDowngradeIds: [] };
    expect(completeDiff(stored)).toEqual({
      ...stored,
      institutionChanges: [],
      pointChanges: [],
      ratingInstitutionIds: [],
      newCommentIds: [],
      removedCommentIds: [],
    });
    const full = diffSnapshots(before, before);
    expect(completeDiff(full)).toEqual(full);
  });
});
