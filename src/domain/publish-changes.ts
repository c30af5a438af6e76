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
  /**
   * Fingerprints of everything else a public page shows, by id (issue 17: a new point or an
   * approved comment was not listed). Absent in snapshots recorded before they existed: that kind
   * is then not compared rather than reported as all new.
   */
  /** An institution's own page facts: its row, staff, commitments, self-inspections. */
  institutions?: Record<string, string>;
  /** Bad-practice point records (status changes included). */
  points?: Record<string, string>;
  /** Per institution: its star ratings and its public comments. */
  ratings?: Record<string, string>;
  /** Comments shown on public pages (已公开). */
  commentIds?: number[];
}

export const EMPTY_SNAPSHOT: SiteSnapshot = { levels: {}, penaltyIds: [], downgradeIds: [], institutions: {}, points: {}, ratings: {}, commentIds: [] };

export type RowChange = 'new' | 'changed' | 'removed';

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
  /** Institutions whose own page facts (row, staff, commitments, self-inspections) changed. */
  institutionChanges: { institutionId: number; change: RowChange }[];
  pointChanges: { pointId: number; change: RowChange }[];
  /** Institutions whose ratings (stars or public comments) changed. */
  ratingInstitutionIds: number[];
  newCommentIds: number[];
  removedCommentIds: number[];
}

/** The kinds a diff gained after the first releases (issue 17). */
type LaterDiffKinds = 'institutionChanges' | 'pointChanges' | 'ratingInstitutionIds' | 'newCommentIds' | 'removedCommentIds';

/** A diff as stored with a publication (`summary->'diff'`): one from before the later kinds existed lacks them. */
export type StoredSnapshotDiff = Omit<SnapshotDiff, LaterDiffKinds> & Partial<Pick<SnapshotDiff, LaterDiffKinds>>;

/** A stored diff with the kinds it predates as empty (they were not compared then). */
export function completeDiff(d: StoredSnapshotDiff): SnapshotDiff {
  return {
    ...d,
    institutionChanges: d.institutionChanges ?? [],
    pointChanges: d.pointChanges ?? [],
    ratingInstitutionIds: d.ratingInstitutionIds ?? [],
    newCommentIds: d.newCommentIds ?? [],
    removedCommentIds: d.removedCommentIds ?? [],
  };
}

function mapChanges(before: Record<string, string> | undefined, after: Record<string, string> | undefined): { id: number; change: RowChange }[] {
  if (!before || !after) return [];
  const out: { id: number; change: RowChange }[] = [];
  for (const [id, h] of Object.entries(after)) {
    if (!(id in before)) out.push({ id: Number(id), change: 'new' });
    else if (before[id] !== h) out.push({ id: Number(id), change: 'changed' });
  }
  for (const id of Object.keys(before)) if (!(id in after)) out.push({ id: Number(id), change: 'removed' });
  return out.sort((a, b) => a.id - b.id);
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
  const comments = before.commentIds && after.commentIds ? { was: new Set(before.commentIds), now: new Set(after.commentIds) } : null;
  return {
    levelChanges,
    levelsRemoved,
    newPenaltyIds: after.penaltyIds.filter((id) => !oldPenalties.has(id)),
    newDowngradeIds: after.downgradeIds.filter((id) => !oldDowngrades.has(id)),
    institutionChanges: mapChanges(before.institutions, after.institutions).map((c) => ({ institutionId: c.id, change: c.change })),
    pointChanges: mapChanges(before.points, after.points).map((c) => ({ pointId: c.id, change: c.change })),
    ratingInstitutionIds: mapChanges(before.ratings, after.ratings).map((c) => c.id),
    newCommentIds: comments ? [...comments.now].filter((id) => !comments.was.has(id)) : [],
    removedCommentIds: comments ? [...comments.was].filter((id) => !comments.now.has(id)) : [],
  };
}

/** Nothing on the public pages would change. */
export function isEmptyDiff(d: StoredSnapshotDiff): boolean {
  return (
    d.levelChanges.length +
      d.levelsRemoved.length +
      d.newPenaltyIds.length +
      d.newDowngradeIds.length +
      (d.institutionChanges?.length ?? 0) +
      (d.pointChanges?.length ?? 0) +
      (d.ratingInstitutionIds?.length ?? 0) +
      (d.newCommentIds?.length ?? 0) +
      (d.removedCommentIds?.length ?? 0) ===
    0
  );
}

/**
 * One line for the CLI, the page and the audit log: only the kinds that change (a stored diff from
 * before the newer kinds existed lacks them: `?? []`).
 */
export function summarizeDiff(d: StoredSnapshotDiff): string {
  if (isEmptyDiff(d)) return '没有变化';
  const down = d.levelChanges.filter((c) => c.direction === 'down').length;
  const count = (xs: { change: RowChange }[] | undefined, c: RowChange) => (xs ?? []).filter((x) => x.change === c).length;
  const parts: string[] = [];
  if (d.levelChanges.length) parts.push(`等级变化 ${d.levelChanges.length} 家（其中降级 ${down} 家）`);
  if (d.levelsRemoved.length) parts.push(`撤下等级 ${d.levelsRemoved.length} 家`);
  if (d.newPenaltyIds.length) parts.push(`新增行政处罚 ${d.newPenaltyIds.length} 件`);
  if (d.newDowngradeIds.length) parts.push(`新增降级通知 ${d.newDowngradeIds.length} 件`);
  const inst = d.institutionChanges;
  if (count(inst, 'new')) parts.push(`新增机构 ${count(inst, 'new')} 家`);
  if (count(inst, 'changed')) parts.push(`机构信息（含人员、承诺、自查）变更 ${count(inst, 'changed')} 家`);
  if (count(inst, 'removed')) parts.push(`撤下机构 ${count(inst, 'removed')} 家`);
  const pts = d.pointChanges;
  if (count(pts, 'new')) parts.push(`新增记分 ${count(pts, 'new')} 条`);
  if (count(pts, 'changed')) parts.push(`记分状态变更 ${count(pts, 'changed')} 条`);
  if (count(pts, 'removed')) parts.push(`删除记分 ${count(pts, 'removed')} 条`);
  if (d.newCommentIds?.length) parts.push(`新公开评论 ${d.newCommentIds.length} 条`);
  if (d.removedCommentIds?.length) parts.push(`撤下评论 ${d.removedCommentIds.length} 条`);
  if (d.ratingInstitutionIds?.length) parts.push(`评价变化 ${d.ratingInstitutionIds.length} 家`);
  return parts.join('，');
}
