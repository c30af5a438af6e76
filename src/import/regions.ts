/**
 * Resolving a region cell (code or name) against the platform's region table, and finding the
 * county (区县) a region belongs to — the default jurisdiction of an evaluation.
 */
import type { RegionRecord } from '../db/import-common';

export type RegionRef = { code: string } | { name: string };

export class RegionIndex {
  private readonly byCode = new Map<string, RegionRecord>();
  private readonly byName = new Map<string, RegionRecord[]>();

  constructor(regions: readonly RegionRecord[]) {
    for (const r of regions) {
      this.byCode.set(r.code, r);
      const list = this.byName.get(r.name) ?? [];
      if (list.length === 0) this.byName.set(r.name, list);
      list.push(r);
    }
  }

  get size(): number {
    return this.byCode.size;
  }

  /** The region's code, or a Chinese reason why it cannot be used. */
  resolve(ref: RegionRef): { ok: true; code: string } | { ok: false; message: string } {
    if ('code' in ref) {
      if (this.byCode.has(ref.code)) return { ok: true, code: ref.code };
      return {
        ok: false,
        message: this.size === 0 ? '平台尚未导入行政区划，暂不能填写' : `平台行政区划表中没有代码${ref.code}`,
      };
    }
    const found = this.byName.get(ref.name) ?? [];
    if (found.length === 1) return { ok: true, code: (found[0] as RegionRecord).code };
    if (found.length > 1) {
      return { ok: false, message: `有${found.length}个区划都叫“${ref.name}”（${found.map((r) => r.code).join('、')}），请填写代码` };
    }
    return {
      ok: false,
      message: this.size === 0 ? '平台尚未导入行政区划，暂不能填写' : `平台行政区划表中没有“${ref.name}”，请填写代码或表中的名称`,
    };
  }

  /** The county-level (level 3) region at or above `code`; null when there is none. */
  countyOf(code: string | null): string | null {
    let r = code ? this.byCode.get(code) : undefined;
    for (let guard = 0; r && guard < 10; guard += 1) {
      if (r.level === 3) return r.code;
      if (r.level < 3) return null;
      r = r.parentCode ? this.byCode.get(r.parentCode) : undefined;
    }
    return null;
  }
}

/**
 * The parent a division code implies: village → township (first 9 digits), township → county
 * (first 6), county → prefecture (xxxx00), prefecture → province (xx0000), province → none.
 * Township codes directly under a prefecture-level city (county part 00, e.g. 东莞 441900003)
 * get the city.
 */
export function impliedParentCode(code: string): string | null {
  if (code.length === 12) return code.slice(0, 9);
  if (code.length === 9) return code.slice(0, 6);
  if (code.slice(4, 6) !== '00') return `${code.slice(0, 4)}00`;
  if (code.slice(2, 4) !== '00') return `${code.slice(0, 2)}0000`;
  return null;
}
