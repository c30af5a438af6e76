/**
 * What a publication changes on the public site, shown to the administrator before the switch:
 * credit levels that change (and which of them are downgrades), new administrative penalties,
 * new downgrade notices (降级通知书, which seed 001 says must be publicised). Computed from two
 * snapshots of the database: the one taken for the last published release and the one taken now.
 */

export type Level = '优秀' | '合格' | '差';

const RANK: Record<Level, number> = { 差: 1, 合格: 2, 优秀: 3 };

export interface LevelEntry {
  code: string;
  name: string;
  year: number;
  level: Level;
}

export interface SiteSnapshot {
  /** Latest evaluation of each institution, by institution id. */
  levels: Record<string, LevelEntry>;
  penaltyIds: number[];
  downgradeIds: number[];
}

export const EMPTY_SNAPSHOT: SiteSnapshot = { levels: {}, penaltyIds: [], downgradeIds: [] };

export interface LevelChange {
  institutionId: number;
  code: string;
  name: string;
  fromYear: number | null;
  from: Level | null;
  toYear: number;
  to: Level;
  /** 'down' is a lower level than before (a downgrade the public will see). */
  direction: 'new' | 'up' | 'down' | 'same';
}

export interface SnapshotDiff {
  levelChanges: LevelChange[];
  /** Institutions whose level disappears from the site (evaluation removed). */
  levelsRemoved: { institutionId: number; code: string; name: string; level: Level }[];
  newPenaltyIds: number[];
  newDowngradeIds: number[];
}

/**
 * Compares two snapshots. An institution appears in levelChanges when its level or its
 * evaluation year changed (a new year's evaluation with the same level is 'same': still news on
 * the site, but not a change of level).
 */
export function diffSnapshots(before: SiteSnapshot, after: SiteSnapshot): SnapshotDiff {
  const levelChanges: LevelChange[] = [];
  for (const [id, now] of Object.entries(after.levels)) {
    const was = before.levels[id];
    if (was && was.level === now.level && was.year === now.year) continue;
    const direction: LevelChange['direction'] = !was ? 'new' : RANK[now.level] > RANK[was.level] ? 'up' : RANK[now.level] < RANK[was.level] ? 'down' : 'same';
    levelChanges.push({
      institutionId: Number(id),
      code: now.code,
      name: now.name,
      fromYear: was?.year ?? null,
      from: was?.level ?? null,
      toYear: now.year,
      to: now.level,
      direction,
    });
  }
  const order: Record<LevelChange['direction'], number> = { down: 0, up: 1, new: 2, same: 3 };
  levelChanges.sort((a, b) => order[a.direction] - order[b.direction] || a.code.localeCompare(b.code));
  const levelsRemoved = Object.entries(before.levels)
    .filter(([id]) => !(id in after.levels))
    .map(([id, was]) => ({ institutionId: Number(id), code: was.code, name: was.name, level: was.level }));
  const oldPenalties = new Set(before.penaltyIds);
  const oldDowngrades = new Set(before.downgradeIds);
  return {
    levelChanges,
    levelsRemoved,
    newPenaltyIds: after.penaltyIds.filter((id) => !oldPenalties.has(id)),
    newDowngradeIds: after.downgradeIds.filter((id) => !oldDowngrades.has(id)),
  };
}

/** One line for the CLI and the audit log. */
export function summarizeDiff(d: SnapshotDiff): string {
  const down = d.levelChanges.filter((c) => c.direction === 'down').length;
  return `等级变化 ${d.levelChanges.length} 家（其中降级 ${down} 家），新增行政处罚 ${d.newPenaltyIds.length} 件，新增降级通知 ${d.newDowngradeIds.length} 件`;
}
