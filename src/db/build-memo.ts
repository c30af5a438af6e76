/**
 * What a static build reads once and shares between its pages (the snapshot, the draws, the
 * published cases, the 好差评 figures …), and how a warm renderer brings all of it up to date
 * between two incremental publishes without reading the whole database again (docs/scale.md,
 * "The warm renderer").
 *
 * A full build runs once and exits, so a memo is simply kept. The render worker of incremental
 * publishes stays loaded between publishes: before each one it calls the refresh hook (through
 * `globalThis`, because the worker and the kept prerender bundle hold separate copies of this
 * module) with the institutions changed since its data was read. The hook first runs the
 * refreshers (the snapshot re-reads those institutions only), then forgets every memo, so each is
 * read or derived again on first use.
 */

const resets: (() => void)[] = [];
const refreshers: ((codes: readonly string[]) => Promise<void>)[] = [];

/** A value read once per build (and again after a refresh). */
export function buildMemo<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  resets.push(() => {
    value = null;
  });
  return () => (value ??= load());
}

/** Something forgotten on every refresh (a module's own cache). */
export function onBuildReset(reset: () => void): void {
  resets.push(reset);
}

/** Something brought up to date from the changed institutions instead of being read again. */
export function onBuildRefresh(refresh: (codes: readonly string[]) => Promise<void>): void {
  refreshers.push(refresh);
}

export interface BuildRefreshHook {
  /** Bring the build's data up to date: `codes` are the institutions changed since it was read. */
  refresh(codes: readonly string[]): Promise<void>;
}

export const BUILD_REFRESH_HOOK = Symbol.for('credit-disclosure.build-refresh');

/** Set by the render worker before it loads the bundle: the pages keep per-institution results between publishes. */
export const WARM_RENDERER_FLAG = Symbol.for('credit-disclosure.warm-renderer');

export const isWarmRenderer = (): boolean => (globalThis as Record<symbol, unknown>)[WARM_RENDERER_FLAG] === true;

(globalThis as Record<symbol, unknown>)[BUILD_REFRESH_HOOK] = {
  async refresh(codes: readonly string[]): Promise<void> {
    for (const r of refreshers) await r(codes);
    for (const r of resets) r();
  },
} satisfies BuildRefreshHook;
