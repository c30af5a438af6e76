import { describe, expect, it } from 'vitest';
import {
  availableActions,
  decideTransition,
  defineTransitions,
  isFinalState,
  JURISDICTION_REFUSAL,
  refusalKind,
  stateFilter,
  SECOND_PERSON_REFUSAL,
  VIEWER_REFUSAL,
  type DefinedTransitions,
  type TransitionActor,
  type TransitionTable,
} from '../../../src/domain/lifecycle-transitions';
import type { Role } from '../../../src/domain/roles';
import { DOWNGRADE_TRANSITIONS } from '../../../src/domain/downgrade';
import { RECTIFICATION_TRANSITIONS } from '../../../src/domain/rectification';
import { REVIEW_TRANSITIONS } from '../../../src/domain/under-review';
import { DISHONESTY_TRANSITIONS } from '../../../src/domain/dishonesty';

const admin: TransitionActor = { role: 'admin', inJurisdiction: false };
const district: TransitionActor = { role: 'district', inJurisdiction: true };
const outsider: TransitionActor = { role: 'district', inJurisdiction: false };
const viewer: TransitionActor = { role: 'viewer', inJurisdiction: true };

type Expected = Record<string, Record<string, { to: string; roles: Role[]; second?: boolean }>>;

/**
 * Every state × action × role of a table, checked against the expected matrix: allowed rows give
 * the next state, every other combination is refused with a Chinese message.
 */
function exhaustive<S extends string, A extends string>(table: DefinedTransitions<S, A>, expected: Expected) {
  for (const state of table.states) {
    for (const action of table.actions) {
      const row = expected[state]?.[action];
      for (const actor of [admin, district, outsider, viewer]) {
        const d = decideTransition(table, state, action, actor);
        const allowed = row !== undefined && row.roles.includes(actor.role) && (actor.role === 'admin' || actor.inJurisdiction);
        if (allowed) {
          expect(d, `${state} ${action} ${actor.role}`).toEqual({ ok: true, next: row.to });
        } else {
          expect(d.ok, `${state} ${action} ${actor.role}/${actor.inJurisdiction}`).toBe(false);
          if (!d.ok) expect(d.message).toMatch(/[\u4e00-\u9fff]/);
          if (row === undefined && !d.ok) expect(d.message).toContain(`当前为“${table.stateLabels[state]}”，不能${table.actionLabels[action]}`);
          else if (actor.role === 'viewer' && !d.ok) expect(d.message).toBe(VIEWER_REFUSAL);
        }
        if (allowed && row?.second) {
          const self = decideTransition(table, state, action, { ...actor, isProposer: true });
          expect(self).toEqual({ ok: false, message: SECOND_PERSON_REFUSAL });
        }
      }
    }
  }
}

describe('decideTransition', () => {
  it('names the first real obstacle: state, then role, then jurisdiction, then second person', () => {
    expect(decideTransition(DOWNGRADE_TRANSITIONS, 'downgraded', 'submit', viewer)).toEqual({
      ok: false,
      message: '降级记录当前为“已降级”，不能上报评价小组审查。',
    });
    expect(decideTransition(DOWNGRADE_TRANSITIONS, 'submitted', 'approve', district)).toEqual({
      ok: false,
      message: '审查通过并出具降级通知书须由委机关管理员办理。',
    });
    expect(decideTransition(DOWNGRADE_TRANSITIONS, 'found', 'rescore', outsider)).toEqual({ ok: false, message: JURISDICTION_REFUSAL });
    expect(decideTransition(DOWNGRADE_TRANSITIONS, 'submitted', 'approve', { ...admin, isProposer: true })).toEqual({
      ok: false,
      message: SECOND_PERSON_REFUSAL,
    });
  });

  it('"谁监管、谁评定" — a district supervisor acts only inside their districts; an administrator everywhere', () => {
    expect(decideTransition(DOWNGRADE_TRANSITIONS, 'found', 'rescore', district).ok).toBe(true);
    expect(decideTransition(DOWNGRADE_TRANSITIONS, 'found', 'rescore', outsider).ok).toBe(false);
    expect(decideTransition(DOWNGRADE_TRANSITIONS, 'found', 'rescore', admin).ok).toBe(true);
  });

  it('a role list of several roles is named with 或', () => {
    const d = decideTransition(DOWNGRADE_TRANSITIONS, 'found', 'withdraw', viewer);
    expect(d).toEqual({ ok: false, message: VIEWER_REFUSAL });
    const table: TransitionTable<'a' | 'b', 'go'> = {
      kind: '测试',
      stateLabels: { a: '甲', b: '乙' },
      actionLabels: { go: '前进' },
      rules: [{ from: ['a'], action: 'go', to: 'b', roles: ['admin', 'viewer'] }],
    };
    expect(decideTransition(table, 'a', 'go', district)).toEqual({ ok: false, message: '前进须由委机关管理员或只读查看办理。' });
  });

  it('availableActions and isFinalState', () => {
    expect(availableActions(DOWNGRADE_TRANSITIONS, 'found', district)).toEqual(['rescore', 'withdraw']);
    expect(availableActions(DOWNGRADE_TRANSITIONS, 'found', admin)).toEqual(['rescore', 'dismiss', 'withdraw']);
    expect(availableActions(DOWNGRADE_TRANSITIONS, 'submitted', { ...admin, isProposer: true })).toEqual(['return', 'dismiss']);
    expect(availableActions(DOWNGRADE_TRANSITIONS, 'found', viewer)).toEqual([]);
    expect(isFinalState(DOWNGRADE_TRANSITIONS, 'revoked')).toBe(true);
    expect(isFinalState(DOWNGRADE_TRANSITIONS, 'downgraded')).toBe(false);
  });
});

describe('defineTransitions', () => {
  it('lists the states and actions once, in the order the label maps name them', () => {
    expect(DOWNGRADE_TRANSITIONS.states).toEqual(['found', 'rescored', 'submitted', 'downgraded', 'not-downgraded', 'withdrawn', 'revoked']);
    expect(DOWNGRADE_TRANSITIONS.actions).toEqual(['rescore', 'submit', 'return', 'approve', 'dismiss', 'withdraw', 'revoke']);
    // The order is the rectification list's state filter (handlers/admin/rectifications.ts).
    expect(RECTIFICATION_TRANSITIONS.states).toEqual([
      'rectifying',
      'report-submitted',
      'rectified',
      'overdue',
      'suspension-recommended',
      'validation-suspended',
      'cancellation-recommended',
      'withdrawn',
    ]);
    expect(REVIEW_TRANSITIONS.states).toEqual(['applied', 'accepted', 'not-accepted', 'maintained', 'revoked', 'changed', 'withdrawn']);
    expect(DISHONESTY_TRANSITIONS.actions).toEqual(['approve', 'reject', 'withdraw', 'apply-repair', 'grant-repair', 'refuse-repair', 'expire', 'revoke']);
  });

  it('keeps the table itself unchanged, and refuses a table without states or actions', () => {
    const table = defineTransitions({
      kind: '测试',
      stateLabels: { a: '甲', b: '乙' },
      actionLabels: { go: '前进' },
      rules: [{ from: ['a'], action: 'go', to: 'b', roles: ['admin'] }],
    });
    expect(table).toEqual({
      kind: '测试',
      stateLabels: { a: '甲', b: '乙' },
      actionLabels: { go: '前进' },
      rules: [{ from: ['a'], action: 'go', to: 'b', roles: ['admin'] }],
      states: ['a', 'b'],
      actions: ['go'],
    });
    expect(decideTransition(table, 'a', 'go', admin)).toEqual({ ok: true, next: 'b' });
    expect(() => defineTransitions({ kind: '空', stateLabels: {}, actionLabels: { go: '前进' }, rules: [] })).toThrow(/no codes/);
    expect(() => defineTransitions({ kind: '空', stateLabels: { a: '甲' }, actionLabels: {}, rules: [] })).toThrow(/no codes/);
  });
});

describe('stateFilter', () => {
  it('takes ?state= only when it names a state of the table; anything else lists every state', () => {
    expect(stateFilter(DOWNGRADE_TRANSITIONS, 'submitted')).toEqual({
      state: 'submitted',
      filterView: { state: 'submitted', stateLabels: DOWNGRADE_TRANSITIONS.stateLabels },
    });
    for (const value of [undefined, '', 'listed', 'SUBMITTED', 'constructor']) {
      expect(stateFilter(DOWNGRADE_TRANSITIONS, value)).toEqual({
        state: undefined,
        filterView: { state: '', stateLabels: DOWNGRADE_TRANSITIONS.stateLabels },
      });
    }
    expect(stateFilter(DISHONESTY_TRANSITIONS, 'repair-applied').state).toBe('repair-applied');
  });
});

describe('every transition of every record kind (allowed and refused)', () => {
  it('降级 (seed 001 七(二): 评分并上报评价小组，经审查后出具降级通知书)', () => {
    const A: Role[] = ['admin'];
    const AD: Role[] = ['admin', 'district'];
    exhaustive(DOWNGRADE_TRANSITIONS, {
      found: { rescore: { to: 'rescored', roles: AD }, dismiss: { to: 'not-downgraded', roles: A }, withdraw: { to: 'withdrawn', roles: AD } },
      rescored: {
        rescore: { to: 'rescored', roles: AD },
        submit: { to: 'submitted', roles: AD },
        dismiss: { to: 'not-downgraded', roles: A },
        withdraw: { to: 'withdrawn', roles: AD },
      },
      submitted: {
        return: { to: 'rescored', roles: A },
        approve: { to: 'downgraded', roles: A, second: true },
        dismiss: { to: 'not-downgraded', roles: A },
      },
      downgraded: { revoke: { to: 'revoked', roles: A } },
    });
  });

  it('限期整改 (实施方案 六(三): 拒不整改或未能按时整改合格的…暂缓校验…依法注销)', () => {
    const A: Role[] = ['admin'];
    const AD: Role[] = ['admin', 'district'];
    exhaustive(RECTIFICATION_TRANSITIONS, {
      rectifying: {
        'submit-report': { to: 'report-submitted', roles: AD },
        'mark-overdue': { to: 'overdue', roles: AD },
        withdraw: { to: 'withdrawn', roles: A },
      },
      'report-submitted': {
        'review-pass': { to: 'rectified', roles: AD },
        'review-fail': { to: 'rectifying', roles: AD },
        withdraw: { to: 'withdrawn', roles: A },
      },
      overdue: { 'recommend-suspension': { to: 'suspension-recommended', roles: AD } },
      'suspension-recommended': { 'suspend-validation': { to: 'validation-suspended', roles: A, second: true } },
      'validation-suspended': {
        'suspension-passed': { to: 'rectified', roles: A },
        'recommend-cancellation': { to: 'cancellation-recommended', roles: A },
      },
    });
  });

  it('复核 (seed 000: 向区卫生计生委进行申诉，受理后10个工作日内须做出决定)', () => {
    const A: Role[] = ['admin'];
    const AD: Role[] = ['admin', 'district'];
    exhaustive(REVIEW_TRANSITIONS, {
      applied: { accept: { to: 'accepted', roles: A }, refuse: { to: 'not-accepted', roles: A }, withdraw: { to: 'withdrawn', roles: AD } },
      accepted: {
        maintain: { to: 'maintained', roles: A },
        revoke: { to: 'revoked', roles: A },
        change: { to: 'changed', roles: A },
        withdraw: { to: 'withdrawn', roles: AD },
      },
    });
  });

  it('严重失信名单 (seed 004: 公布严重失信者“黑名单”): district proposes, another person approves', () => {
    const A: Role[] = ['admin'];
    const AD: Role[] = ['admin', 'district'];
    exhaustive(DISHONESTY_TRANSITIONS, {
      proposed: {
        approve: { to: 'listed', roles: A, second: true },
        reject: { to: 'rejected', roles: A, second: true },
        withdraw: { to: 'withdrawn', roles: AD },
      },
      listed: {
        'apply-repair': { to: 'repair-applied', roles: AD },
        expire: { to: 'expired', roles: AD },
        revoke: { to: 'revoked', roles: A },
      },
      'repair-applied': {
        'grant-repair': { to: 'repaired', roles: A },
        'refuse-repair': { to: 'listed', roles: A },
        expire: { to: 'expired', roles: AD },
        revoke: { to: 'revoked', roles: A },
      },
    });
  });
});

describe('refusalKind', () => {
  it('forbidden when the state allows the action but not this actor; conflict when the state does not allow it', () => {
    expect(refusalKind(REVIEW_TRANSITIONS, 'applied', 'accept')).toBe('forbidden');
    expect(refusalKind(REVIEW_TRANSITIONS, 'maintained', 'accept')).toBe('conflict');
    expect(refusalKind(RECTIFICATION_TRANSITIONS, 'suspension-recommended', 'suspend-validation')).toBe('forbidden');
    expect(refusalKind(RECTIFICATION_TRANSITIONS, 'rectified', 'withdraw')).toBe('conflict');
  });
});
