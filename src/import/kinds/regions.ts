/** The region table (行政区划), keyed by the division code. */
import { checkRegions, dropRegionLines, stageRegions, writeRegions } from '../../db/import-regions';
import { REGION_COLUMNS, regionRowSchema, type RegionRow } from '../../schemas/import-regions';
import { schemaParser, type ImportKind } from '../kind';
import { impliedParentCode } from '../regions';

export const regionsKind: ImportKind<RegionRow> = {
  name: 'regions',
  title: '行政区划',
  unit: '个',
  columns: REGION_COLUMNS,
  parse: schemaParser(regionRowSchema, REGION_COLUMNS),
  fileKey: (row) => row.code?.code ?? '',
  duplicate: { column: '行政区划代码', why: '一个代码只能有一行' },
  async prepare(tx, rows) {
    await stageRegions(
      tx,
      rows.flatMap(({ line, row }) =>
        row.code
          ? [
              {
                line,
                code: row.code.code,
                name: row.name,
                level: row.code.level,
                parentGiven: row.parentCode?.code ?? null,
                parentImplied: impliedParentCode(row.code.code),
              },
            ]
          : [],
      ),
    );
    return { check: () => checkRegions(tx), drop: (l) => dropRegionLines(tx, l), write: () => writeRegions(tx) };
  },
};
