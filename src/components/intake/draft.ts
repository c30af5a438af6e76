/**
 * The complaint draft in localStorage (browser only). Personal details (name, phone) are never
 * written to it: the phone the form was filled on may be shared.
 */
export const DRAFT_KEY = 'complaint-draft-v1';
const DRAFT_DAYS = 7;
const NOT_IN_DRAFT = new Set(['name', 'phone', 'institutionCode']);

interface Draft {
  savedAt: number;
  values: Record<string, string>;
}

export function readDraft(): Record<string, string> | null {
  try {
    // What another version of this page (or another script) left there: nothing is certain.
    const d = JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null') as Partial<Draft> | null;
    if (!d || typeof d.savedAt !== 'number' || Date.now() - d.savedAt > DRAFT_DAYS * 86_400_000) return null;
    return Object.fromEntries(Object.entries(d.values ?? {}).filter(([k, v]) => typeof v === 'string' && !NOT_IN_DRAFT.has(k)));
  } catch {
    return null;
  }
}

export function writeDraft(values: Record<string, string>): void {
  try {
    const kept = Object.fromEntries(Object.entries(values).filter(([k, v]) => !NOT_IN_DRAFT.has(k) && v !== ''));
    if (Object.keys(kept).length === 0) localStorage.removeItem(DRAFT_KEY);
    else localStorage.setItem(DRAFT_KEY, JSON.stringify({ savedAt: Date.now(), values: kept } satisfies Draft));
  } catch {
    /* private mode or storage full: the form still works without a draft */
  }
}

export function clearDraft(): void {
  try {
    localStorage.removeItem(DRAFT_KEY);
  } catch {
    /* ignore */
  }
}
