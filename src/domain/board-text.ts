/**
 * Small pieces of wording on an institution's disclosure page (src/components/DisclosureBoard.astro),
 * kept here so they can be tested: the fine next to a penalty and the poster-version note.
 */

/** Thousands separators without Intl (cheap at 100,000 pages): 12500 → "12,500"; 99.5 → "99.5". */
export function formatYuan(n: number): string {
  const [int = '', frac] = n
    .toFixed(2)
    .replace(/\.?0+$/, '')
    .split('.');
  return int.replace(/\B(?=(\d{3})+$)/g, ',') + (frac ? `.${frac}` : '');
}

/** Every amount of money the text states, in yuan: "10000元", "10,000 元", "1万元", "1.5 万元". */
function amountsIn(text: string): number[] {
  const out: number[] = [];
  const re = /(\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.(\d+))?\s*(万?)\s*元/g;
  for (const [, whole = '', fraction = '0', wan] of text.matchAll(re)) {
    const n = Number(`${whole.replace(/[,，]/g, '')}.${fraction}`);
    out.push(wan ? Math.round(n * 10000 * 100) / 100 : n);
  }
  return out;
}

/**
 * 处罚内容 with the fine: the decision's own wording usually states the amount already
 * ("警告，罚款人民币10000元"); then it is shown as written, not followed by "；罚款 10,000 元"
 * again. Only when the text does not state that amount is it appended, in one format.
 */
export function penaltyText(penalty: string, fineYuan: number | null): string {
  if (fineYuan === null || !(fineYuan > 0)) return penalty;
  if (amountsIn(penalty).some((a) => Math.abs(a - fineYuan) < 0.005)) return penalty;
  return `${penalty}；罚款 ${formatYuan(fineYuan)} 元`;
}

/**
 * The note under the QR code. "版本号小于 1 的" makes no sense when the current poster is the
 * first one (there is no older poster), so that sentence is left out for version 1.
 */
export function posterVersionNote(version: number): string {
  const current = `现行公示栏为第 ${version} 版（版本号印在公示栏二维码下方）。`;
  return version > 1 ? `${current}公示栏版本号小于 ${version} 的，信息可能已过时，请以本页为准。` : current;
}
