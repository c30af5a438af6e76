// Issue 12 item 2: the evaluation's "当年受到2次行政处罚" never stands beside a page that lists one
// penalty without saying the other's display period has ended.
import { describe, expect, it } from 'vitest';
import { disclosureBoard, indexRegions, type PenaltyRecord } from '../../../src/domain/disclosure-board';
import { evaluation, institution, REGIONS } from './builders';

const regions = indexRegions(REGIONS);
const TWO = '当年受到2次行政处罚（2次以上），不能评为合格等级';
const penalty = (decisionNo: string, decidedOn: string, shownUntil: string): PenaltyRecord => ({
  decisionNo,
  decidedOn,
  violation: '未按规定',
  basis: '条例',
  penalty: '警告',
  fineYuan: null,
  shownUntil,
  staffName: null,
});
const poor = evaluation({ year: 2025, penaltiesThisYear: 2, level: '差', reasons: [TWO], evaluatedOn: '2025-10-10' });

describe('penalty reasons beside the penalty list', () => {
  it('says the other penalty’s display period ended when only one of the two is listed', () => {
    const b = disclosureBoard(
      institution({
        evaluations: [poor],
        penalties: [penalty('甲罚〔2025〕1号', '2025-02-01', '2025-08-01'), penalty('甲罚〔2025〕2号', '2025-06-01', '2026-06-01')],
      }),
      regions,
      '2026-01-10',
    );
    expect(b.penalties.map((p) => p.decisionNo)).toEqual(['甲罚〔2025〕2号']);
    expect(b.level.kind === 'rated' && b.level.reasons).toEqual([`${TWO}（本页公示1件，另有1件行政处罚已过公示期）`]);
    expect(b.history[0]!.reasons).toEqual([`${TWO}（本页公示1件，另有1件行政处罚已过公示期）`]);
    expect(b.history[0]!.breakdown.find((r) => r.label === '当年行政处罚次数')!.value).toBe('2（本页公示1件，另有1件行政处罚已过公示期）');
  });

  it('leaves the sentence alone when both are listed, and names the count shown when the records disagree', () => {
    const both = [penalty('甲罚〔2025〕1号', '2025-02-01', '2026-08-01'), penalty('甲罚〔2025〕2号', '2025-06-01', '2026-06-01')];
    const all = disclosureBoard(institution({ evaluations: [poor], penalties: both }), regions, '2026-01-10');
    expect(all.level.kind === 'rated' && all.level.reasons).toEqual([TWO]);
    const one = disclosureBoard(institution({ evaluations: [poor], penalties: both.slice(1) }), regions, '2026-01-10');
    expect(one.level.kind === 'rated' && one.level.reasons).toEqual([`${TWO}（本页公示该年度行政处罚1件）`]);
  });

  it('does not say "本页公示0件" when none is left on the page', () => {
    const gone = [penalty('甲罚〔2025〕1号', '2025-02-01', '2025-08-01'), penalty('甲罚〔2025〕2号', '2025-06-01', '2025-12-01')];
    const b = disclosureBoard(institution({ evaluations: [poor], penalties: gone }), regions, '2026-01-10');
    expect(b.penalties).toEqual([]);
    expect(b.level.kind === 'rated' && b.level.reasons).toEqual([`${TWO}（2件行政处罚均已过公示期，本页不再列出）`]);
  });
});
