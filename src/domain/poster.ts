/**
 * The printed 公示栏 poster and its version (seed 001 附件1 六、七(三): the board hangs in the
 * clinic, and "信用级别发生变化时，应及时更新信用级别标识").
 *
 * Every poster prints a version number N (institutions.poster_version, bumped whenever the
 * printed level changes, e.g. after a downgrade) and its QR code encodes `/i/{code}/?v=N`. The
 * page compares the scanned N with the current one, so a poster from before a downgrade never
 * looks current. Runs in the browser too (the page's small script): no Node imports here.
 */

/** The disclosure page of an institution: what links and canonical URLs use. */
export function institutionPath(code: string): string {
  return `/i/${code}/`;
}

/** What the QR code on poster version `version` encodes. */
export function posterQrUrl(publicUrl: string, code: string, version: number): string {
  return `${publicUrl.replace(/\/$/, '')}${institutionPath(code)}?v=${version}`;
}

/** The printable poster of an institution. */
export function posterPath(code: string): string {
  return `/i/${code}/poster/`;
}

/** The A4 sheet of small QR labels for the rooms and the radiation devices (issue 15 item 2). */
export function labelsPath(code: string): string {
  return `/i/${code}/labels/`;
}

export type PosterCheck =
  /** Opened without ?v= (a link, a search result): nothing to say. */
  | { kind: 'absent' }
  | { kind: 'current'; version: number }
  /** The scanned poster is older than the current one: its level may be out of date. */
  | { kind: 'outdated'; scanned: number; current: number }
  /** ?v= is not a version we ever printed (garbage, or a number above the current one). */
  | { kind: 'invalid'; current: number };

const VERSION = /^[1-9][0-9]{0,5}$/;

/**
 * Reads `v` from a query string ("?v=3", "v=3&x=1") and compares it with the current version.
 * Several `v` parameters, or one that is not a plain positive number, count as invalid.
 */
export function checkPosterVersion(search: string, current: number): PosterCheck {
  const values = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search).getAll('v');
  if (values.length === 0) return { kind: 'absent' };
  const raw = values.length === 1 ? (values[0] ?? '').trim() : '';
  if (!VERSION.test(raw)) return { kind: 'invalid', current };
  const scanned = Number(raw);
  if (scanned === current) return { kind: 'current', version: current };
  if (scanned < current) return { kind: 'outdated', scanned, current };
  return { kind: 'invalid', current };
}

/**
 * The sentence shown at the top of the page for a scanned poster (null: say nothing).
 * `levelNow` is the current level in words, e.g. "2026年度信用级别：合格（2026-11-02由优秀降级）".
 */
export function posterCheckMessage(check: PosterCheck, levelNow: string): { tone: 'ok' | 'warn'; text: string } | null {
  switch (check.kind) {
    case 'absent':
      return null;
    case 'current':
      return { tone: 'ok', text: `您扫描的公示栏为现行第${check.version}版，与本页公示信息一致。` };
    case 'outdated':
      return {
        tone: 'warn',
        text: `您扫描的公示栏为第${check.scanned}版，已不是现行版本（现行第${check.current}版），其上的信息可能已过时，请以本页为准。当前：${levelNow}。`,
      };
    case 'invalid':
      return {
        tone: 'warn',
        text: `无法识别二维码中的公示栏版本号，请核对本页机构名称与您所在机构是否一致。现行公示栏为第${check.current}版；当前：${levelNow}。`,
      };
  }
}
