/** The institutions register (机构名册), keyed by 登记号. */
import { institutionCodeCandidate } from '../../domain/institution-code';
import { loadRegions } from '../../db/import-common';
import {
  applyInstitutions,
  checkInstitutions,
  codeCollisions,
  diffInstitutions,
  dropInstitutionLines,
  setCandidateCode,
  stageInstitutions,
  type StagedInstitution,
} from '../../db/import-institutions';
import { INSTITUTION_COLUMNS, institutionRowSchema, type InstitutionRow } from '../../schemas/import-institutions';
import { schemaParser, type ImportKind } from '../kind';
import { RegionIndex } from '../regions';
import type { RowError } from '../types';

/** Attempts at a free public code before giving up (each collision is ~1 in 10^7 per row). */
const CODE_ATTEMPTS = 20;

export const institutionsKind: ImportKind<InstitutionRow> = {
  name: 'institutions',
  title: '机构名册',
  unit: '家',
  columns: INSTITUTION_COLUMNS,
  parse: schemaParser(institutionRowSchema, INSTITUTION_COLUMNS),
  fileKey: (row) => row.registrationNo,
  duplicate: { column: '登记号', why: '同一机构只能有一行' },

  async prepare(tx, rows) {
    const regionErrors: RowError[] = [];
    const needsRegions = rows.some((r) => r.row.region !== null);
    const regions = new RegionIndex(needsRegions ? await loadRegions(tx) : []);
    const staged: StagedInstitution[] = [];
    const usccLines = new Map<string, number>();
    for (const [i, { line, row }] of rows.entries()) {
      // Hashing codes for 100,000 rows takes a while: let the server answer pages in between.
      if ((i & 2047) === 2047) await new Promise((resolve) => setImmediate(resolve));
      // The staged row carries the resolved region code, not the cell as written.
      const { region, ...rest } = row;
      let regionCode: string | null = null;
      if (region) {
        const resolved = regions.resolve(region);
        if (!resolved.ok) {
          regionErrors.push({ line, column: '行政区划', message: resolved.message });
          continue;
        }
        regionCode = resolved.code;
      }
      if (row.uscc) {
        const first = usccLines.get(row.uscc);
        if (first !== undefined) {
          regionErrors.push({ line, column: '统一社会信用代码', message: `与第${first}行重复（一个代码只能属于一家机构）` });
          continue;
        }
        usccLines.set(row.uscc, line);
      }
      staged.push({ ...rest, line, regionCode, code: institutionCodeCandidate(row.registrationNo) });
    }
    await stageInstitutions(tx, staged);

    return {
      async check() {
        return [...regionErrors, ...(await checkInstitutions(tx))];
      },
      drop: (lines) => dropInstitutionLines(tx, lines),
      async write() {
        // Public codes for new institutions: the 登记号's first candidate, or the next attempt
        // when it is taken. Never a code already stored, so a printed QR never changes owner.
        const attempts = new Map<number, number>();
        for (;;) {
          const collisions = await codeCollisions(tx);
          if (collisions.length === 0) break;
          for (const c of collisions) {
            const attempt = (attempts.get(c.line) ?? 0) + 1;
            if (attempt > CODE_ATTEMPTS) throw new Error(`无法为登记号${c.registrationNo}生成不重复的机构编码`);
            attempts.set(c.line, attempt);
            await setCandidateCode(tx, c.line, institutionCodeCandidate(c.registrationNo, attempt));
          }
        }
        const diff = await diffInstitutions(tx);
        await applyInstitutions(tx);
        return { ...diff, levelChanges: [], notes: [] };
      },
    };
  },
};
