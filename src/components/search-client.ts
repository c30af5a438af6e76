/**
 * Browser side of /search/: Pagefind over the static index (all shards merged), with the same
 * form and filters as the server fallback. Progressive: without JavaScript the form goes to
 * /search/results; if Pagefind cannot load (old browser, blocked WebAssembly), the form is sent
 * to the server fallback as well.
 */
import { FILTER_KEYS, normalizeQuery, SHARDS_FILE } from '../domain/search';

interface PagefindResultData {
  url: string;
  meta: Record<string, string | undefined>;
}
interface PagefindResult {
  data(): Promise<PagefindResultData>;
}
interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  mergeIndex(path: string, o?: Record<string, unknown>): Promise<void>;
  search(term: string | null, o?: { filters?: Record<string, string> }): Promise<{ results: PagefindResult[] } | null>;
}

const SHOWN = 50;

async function loadPagefind(): Promise<Pagefind> {
  let shards = ['/pagefind/'];
  try {
    const r = await fetch(SHARDS_FILE);
    if (r.ok) shards = (await r.json()) as string[];
  } catch {
    // One index only: the default.
  }
  const url = `${shards[0]}pagefind.js`;
  const pf = (await import(/* @vite-ignore */ url)) as Pagefind;
  await pf.options({ excerptLength: 0, noWorker: true });
  for (const s of shards.slice(1)) await pf.mergeIndex(s);
  return pf;
}

function levelClass(word: string): string {
  return word === '优秀' ? 'lv lv-good' : word === '合格' ? 'lv lv-mid' : word === '差' ? 'lv lv-bad' : 'lv';
}

/** One result, built with textContent only (names come from data, never parsed as HTML). */
function resultItem(d: PagefindResultData): HTMLLIElement {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = d.url;
  a.textContent = d.meta['title'] ?? d.url;
  li.append(a);
  const level = d.meta['level'];
  if (level) {
    const badge = document.createElement('span');
    badge.className = levelClass(level);
    badge.textContent = level;
    li.append(' ', badge);
  }
  const info = [d.meta['type'], d.meta['area'], d.meta['address']].filter(Boolean).join(' · ');
  if (info) {
    const small = document.createElement('span');
    small.className = 'small muted';
    small.textContent = info;
    li.append(document.createElement('br'), small);
  }
  return li;
}

/** A form field's text (this form has no file inputs). */
function fieldText(value: FormDataEntryValue | null): string {
  return typeof value === 'string' ? value : '';
}

export function runSearchPage(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-search]');
  const list = document.getElementById('search-results');
  const status = document.getElementById('search-status');
  if (!form || !list || !status) return;
  form.action = '/search/';

  // Fill the form from the address (?q=…&area=…), so results can be linked and shared.
  const params = new URLSearchParams(location.search);
  for (const el of Array.from(form.elements)) {
    if ((el instanceof HTMLInputElement || el instanceof HTMLSelectElement) && params.has(el.name)) el.value = params.get(el.name) ?? '';
  }

  let pagefind: Promise<Pagefind> | null = null;
  let seq = 0;
  const run = async (trigger: 'submit' | 'load' | 'typing') => {
    const data = new FormData(form);
    const q = normalizeQuery(fieldText(data.get('q')));
    const filters: Record<string, string> = {};
    for (const key of [FILTER_KEYS.area, FILTER_KEYS.type, FILTER_KEYS.level]) {
      const v = fieldText(data.get(key));
      if (v) filters[key] = v;
    }
    const query = new URLSearchParams();
    for (const [k, v] of data.entries()) if (fieldText(v)) query.set(k, fieldText(v));
    history.replaceState(null, '', query.size > 0 ? `?${query}` : location.pathname);
    const mine = ++seq;
    if (!q && Object.keys(filters).length === 0) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    status.textContent = '正在查询…';
    try {
      pagefind ??= loadPagefind();
      const pf = await pagefind;
      const found = await pf.search(q || null, { filters });
      if (mine !== seq || !found) return;
      const data = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
      // The exact name first (Pagefind ranks by word frequency, not by name equality).
      data.sort((a, b) => Number(b.meta['title'] === q) - Number(a.meta['title'] === q));
      if (mine !== seq) return;
      list.replaceChildren(...data.map(resultItem));
      const n = found.results.length;
      status.textContent =
        n === 0
          ? '没有找到符合条件的机构。请检查名称是否有误，或减少筛选条件。'
          : `找到 ${n} 家机构${n > SHOWN ? `（显示前 ${SHOWN} 家，请输入更完整的名称）` : ''}。`;
    } catch {
      // Pagefind unavailable (old browser, WebAssembly blocked): the server answers instead —
      // at once for a submitted or linked query, never in the middle of typing.
      form.action = '/search/results';
      if (trigger === 'typing') status.textContent = '请点击“查询”。';
      else location.assign(`/search/results?${query}`);
    }
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    void run('submit');
  });
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run('typing'), 250);
  });
  if (params.size > 0) void run('load');
}
