import { describe, expect, it } from 'vitest';
import { disclosureBoard, indexRegions, levelDisplay } from '../../../src/domain/disclosure-board';
import { openInstitution } from '../../../src/domain/open-data';
import { levelNotes } from '../../../src/domain/level-notes';
import type { RectificationRecord } from '../../../src/domain/rectification';
import type { ReviewRecord } from '../../../src/domain/under-review';
import { evaluation, institution, REGIONS } from './builders';

const asOf = '2026-11-20';
const rectification = (over: Partial<RectificationRecord> = {}): RectificationRecord => ({
  state: 'rectifying',
  orderedOn: '2026-11-02',
  dueOn: '2026-12-02',
  reportSubmittedOn: null,
  rectifiedOn: null,
  suspendedOn: null,
  suspensionEndsOn: null,
  ...over,
});
const review = (over: Partial<ReviewRecord> = {}): ReviewRecord => ({
  item: 'evaluation',
  state: 'applied',
  noticeReceivedOn: '2026-10-12',
  filedOn: '2026-10-13',
  acceptedOn: null,
  decidedOn: null,
  decisionNote: null,
  ...over,
});
const notes = (i: ReturnType<typeof institution>) => levelNotes(i, levelDisplay(i, asOf));

describe('lines under the level', () => {
  it('整改中 with its deadline, then 已整改 with the review date', () => {
    expect(notes(institution({ evaluations: [evaluation({ level: '差', scoreLevel: '差' })], rectification: rectification() }))).toEqual([
      '整改中：2026-11-02责令限期整改，整改期限至2026-12-02',
    ]);
    const done = rectification({ state: 'rectified', reportSubmittedOn: '2026-11-10', rectifiedOn: '2026-11-12' });
    expect(notes(institution({ evaluations: [evaluation({ level: '差', scoreLevel: '差' })], rectification: done }))).toEqual([
      '已整改：2026-11-02责令限期整改，2026-11-12经复查整改合格',
    ]);
  });

  it('nothing for a withdrawn order, nor without a level (复核中 replaces the level; a closed institution shows none)', () => {
    expect(notes(institution({ evaluations: [evaluation()], rectification: rectification({ state: 'withdrawn' }) }))).toEqual([]);
    expect(notes(institution({ evaluations: [evaluation({ reviewStatus: '复核中', review: review() })], rectification: rectification() }))).toEqual([]);
    expect(notes(institution({ status: '注销', evaluations: [evaluation()], rectification: rectification() }))).toEqual([]);
    expect(notes(institution({ evaluations: [] }))).toEqual([]);
  });

  it('a decided review of the level, and a pending review of the downgrade in force (which stays in force)', () => {
    const decided = review({ state: 'maintained', acceptedOn: '2026-10-14', decidedOn: '2026-10-20' });
    expect(notes(institution({ evaluations: [evaluation({ reviewStatus: '已复核', review: decided })] }))).toEqual([
      '经复核，维持原2026年度信用评价结果（2026-10-20决定）',
    ]);
    const e = evaluation({
      level: '优秀',
      scoreLevel: '优秀',
      standardizedScore: 95,
      downgrades: [
        {
          decidedOn: '2026-11-01',
          noticeNo: '样卫降〔2026〕1号',
          fromLevel: '优秀',
          toLevel: '合格',
          newScore: 82,
          rescoredOn: '2026-10-30',
          rescoreReasons: [],
          reason: '发现违法行为',
          review: review({ item: 'downgrade', noticeReceivedOn: '2026-11-02', filedOn: '2026-11-03' }),
        },
      ],
    });
    const i = institution({ evaluations: [e] });
    expect(levelDisplay(i, asOf)).toMatchObject({ kind: 'rated', level: '合格' });
    expect(notes(i)).toEqual(['复核中：已于2026-11-03对降级决定提出异议，待受理']);
  });
});

describe('open data', () => {
  it('carries the same lines as the page (整改与复核情况), empty when there are none', () => {
    const i = institution({ evaluations: [evaluation({ level: '差', scoreLevel: '差' })], rectification: rectification() });
    const open = (x: typeof i) => openInstitution(disclosureBoard(x, indexRegions(REGIONS), asOf), 'u');
    expect(open(i).level_notes).toBe('整改中：2026-11-02责令限期整改，整改期限至2026-12-02');
    expect(open(institution({ evaluations: [evaluation()] })).level_notes).toBeNull();
  });
});
