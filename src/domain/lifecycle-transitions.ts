/**
 * One way to decide every credit-lifecycle action (downgrade, 限期整改, 复核, 严重失信名单):
 * a table of `state × action → next state` rows, each naming the roles that may take it.
 * The screens ask `decideTransition` before offering a button, the server asks it again before
 * writing, and every refusal is a Chinese sentence (roles.ts: admin / district / viewer).
 *
 * Jurisdiction (seed 001 附件1 二(五) 属地管理, "谁监管、谁评定、谁公布") is an input flag: the
 * caller knows whether the record's institution lies in the actor's regions (the SQL scope);
 * this module only refuses when it does not. Administrators work commission-wide.
 *
 * Second person (issue 12: "approved by a second person"): rows marked `secondPerson` refuse the
 * actor who proposed or entered the record, so nobody approves their own proposal.
 */
import { codesOf } from './code-lists';
import { ROLE_LABELS, type Role } from './roles';

export interface TransitionActor {
  role: Role;
  /** The record's institution lies in the actor's assigned regions (ignored for admin). */
  inJurisdiction: boolean;
  /** The actor proposed / entered the record now awaiting approval. */
  isProposer?: boolean;
}

export interface TransitionRule<S extends string, A extends string> {
  from: readonly S[];
  action: A;
  to: S;
  roles: readonly Role[];
  /** Refuse the person who proposed the record (four-eyes approval). */
  secondPerson?: boolean;
}

export type TransitionDecision<S extends string> = { ok: true; next: S } | { ok: false; message: string };

export interface TransitionTable<S extends string, A extends string> {
  /** Chinese name of the record kind, e.g. "降级记录". */
  kind: string;
  stateLabels: Record<S, string>;
  actionLabels: Record<A, string>;
  rules: readonly TransitionRule<S, A>[];
}

/** A table with its states and actions listed in the order its label maps name them. */
export interface DefinedTransitions<S extends string, A extends string> extends TransitionTable<S, A> {
  states: readonly [S, ...S[]];
  actions: readonly [A, ...A[]];
}

/** The state and action names of a defined table (`DowngradeState = StateOf<typeof DOWNGRADE_TRANSITIONS>`). */
export type StateOf<T> = T extends DefinedTransitions<infer S, string> ? S : never;
export type ActionOf<T> = T extends DefinedTransitions<string, infer A> ? A : never;

/**
 * A table whose states and actions are the keys of its label maps: each name is written once (a
 * separate `STATES = [...]` list had to repeat every key), and the rules are checked against
 * them (`NoInfer`: a misspelt state in a rule is a type error, not a new state).
 */
export function defineTransitions<S extends string, A extends string>(table: {
  kind: string;
  stateLabels: Record<S, string>;
  actionLabels: Record<A, string>;
  rules: readonly TransitionRule<NoInfer<S>, NoInfer<A>>[];
}): DefinedTransitions<S, A> {
  return { ...table, states: codesOf(table.stateLabels), actions: codesOf(table.actionLabels) };
}

/**
 * A list page's state filter (?state=…): the state when the value names one of the table's
 * (anything else lists every state), and what the filter's select shows.
 */
export function stateFilter<S extends string, A extends string>(
  table: DefinedTransitions<S, A>,
  value: string | undefined,
): { state: S | undefined; filterView: { state: S | ''; stateLabels: Record<S, string> } } {
  const state = table.states.find((s) => s === value);
  return { state, filterView: { state: state ?? '', stateLabels: table.stateLabels } };
}

export const VIEWER_REFUSAL = '只读账户不能办理此事项。';
export const JURISDICTION_REFUSAL = '该机构不在您负责的辖区内，不能办理此事项。';
export const SECOND_PERSON_REFUSAL = '不能审批本人提出或录入的事项，须由另一名委机关管理员审批。';

/**
 * The next state, or a refusal. Checks, in this order: the action exists in this state, the
 * role, the jurisdiction, the second person — so the message names the first real obstacle.
 */
export function decideTransition<S extends string, A extends string>(
  table: TransitionTable<S, A>,
  state: S,
  action: A,
  actor: TransitionActor,
): TransitionDecision<S> {
  const rule = table.rules.find((r) => r.action === action && r.from.includes(state));
  if (!rule) {
    return { ok: false, message: `${table.kind}当前为“${table.stateLabels[state]}”，不能${table.actionLabels[action]}。` };
  }
  if (!rule.roles.includes(actor.role)) {
    if (actor.role === 'viewer') return { ok: false, message: VIEWER_REFUSAL };
    const who = rule.roles.map((r) => ROLE_LABELS[r]).join('或');
    return { ok: false, message: `${table.actionLabels[action]}须由${who}办理。` };
  }
  if (actor.role !== 'admin' && !actor.inJurisdiction) return { ok: false, message: JURISDICTION_REFUSAL };
  if (rule.secondPerson && actor.isProposer) return { ok: false, message: SECOND_PERSON_REFUSAL };
  return { ok: true, next: rule.to };
}

/** Actions the actor may take now (for showing buttons). */
export function availableActions<S extends string, A extends string>(table: TransitionTable<S, A>, state: S, actor: TransitionActor): A[] {
  const actions = [...new Set(table.rules.filter((r) => r.from.includes(state)).map((r) => r.action))];
  return actions.filter((a) => decideTransition(table, state, a, actor).ok);
}

/** States no rule leaves (the record's life has ended). */
export function isFinalState<S extends string, A extends string>(table: TransitionTable<S, A>, state: S): boolean {
  return !table.rules.some((r) => r.from.includes(state));
}

/**
 * The table as Markdown for docs/supervisor.md (written by `npm run docs:lifecycle`, compared by a
 * test): one row per action with the states it leaves, the state it reaches and who may take it.
 */
export function transitionsMarkdown<S extends string, A extends string>(table: TransitionTable<S, A>): string {
  const rows = table.rules.map((r) => {
    const who = r.roles.map((role) => ROLE_LABELS[role]).join('、') + (r.secondPerson ? '（须为提出或录入者以外的另一人）' : '');
    const from = r.from.map((s) => table.stateLabels[s]).join('；');
    return `| ${table.actionLabels[r.action]} | ${from} | ${table.stateLabels[r.to]} | ${who} |`;
  });
  return [`**${table.kind}**`, '', '| 操作 | 从 | 到 | 谁可以办理 |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/**
 * The kind of a refusal from decideTransition: `forbidden` when the action exists in this state
 * but not for this actor (role, district, second person), `conflict` when the record's state does
 * not allow it at all.
 */
export function refusalKind<S extends string, A extends string>(table: TransitionTable<S, A>, state: S, action: A): 'forbidden' | 'conflict' {
  return table.rules.some((r) => r.action === action && r.from.includes(state)) ? 'forbidden' : 'conflict';
}
