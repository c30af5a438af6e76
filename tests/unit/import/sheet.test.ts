import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { headerKey, ImportFileError, openImportSheet, resolveColumns } from '../../../src/import/sheet';
import { INSTITUTION_COLUMNS } from '../../../src/schemas/import-institutions';
import { EVALUATION_IMPORT_COLUMNS } from '../../../src/schemas/import-evaluations';
import { REQUIRED_EVALUATION_COLUMNS } from '../../../src/domain/evaluation-sheet';

async function rowsOf(bytes: Uint8Array, fileName = 'x.csv') {
  const sheet = await openImportSheet({ bytes, fileName }, INSTITUTION_COLUMNS);
  const rows = [];
  for await (const r of sheet.rows) rows.push(r);
  return { sheet, rows };
}

describe('header contract', () => {
  it('compares headers ignoring spaces, width and a required mark', () => {
    expect(headerKey(' 罚款金额（元）* ')).toBe(headerKey('罚款金额(元)'));
  });

  it('maps aliases onto the contract and names all missing required columns', () => {
    expect(resolveColumns(['医疗机构名称', '登记号', '备注'], INSTITUTION_COLUMNS).columnMap.get('机构名称')).toBe('医疗机构名称');
    expect(resolveColumns(['地址'], INSTITUTION_COLUMNS).missing).toEqual(['登记号', '机构名称']);
    expect(resolveColumns(['登记号', '医疗机构登记号', '机构名称'], INSTITUTION_COLUMNS).ambiguous).toEqual(['登记号（登记号、医疗机构登记号）']);
  });

  it('requires exactly the evaluation sheet columns of DESIGN.md (the domain list)', () => {
    expect(EVALUATION_IMPORT_COLUMNS.filter((c) => c.required).map((c) => c.header)).toEqual([...REQUIRED_EVALUATION_COLUMNS]);
  });
});

describe('reading uploaded bytes', () => {
  it('detects GB18030 and keys cells by the contract headers, keeping the raw cells', async () => {
    const bytes = iconv.encode('备注,医疗机构名称,登记号\r\n旧,示范县人民医院,A0001\r\n\r\n,城关镇卫生院,A0002\r\n', 'gb18030');
    const { sheet, rows } = await rowsOf(bytes);
    expect(sheet.encoding).toBe('gb18030');
    expect(sheet.header).toEqual(['备注', '医疗机构名称', '登记号']);
    expect(rows.map((r) => [r.line, r.cells['机构名称'], r.cells['登记号']])).toEqual([
      [2, '示范县人民医院', 'A0001'],
      [4, '城关镇卫生院', 'A0002'],
    ]);
    expect(rows[0]?.raw).toEqual({ 备注: '旧', 医疗机构名称: '示范县人民医院', 登记号: 'A0001' });
    expect(rows[0]?.cells).not.toHaveProperty('地址');
  });

  it('refuses a file without the required columns in one sentence', async () => {
    await expect(rowsOf(Buffer.from('单位,地址\r\n甲,乙\r\n'))).rejects.toThrow(
      new ImportFileError('缺少必需的列：登记号、机构名称（表头在第一行；现有的列：单位、地址）'),
    );
    await expect(rowsOf(Buffer.from(''), 'x.csv')).rejects.toBeInstanceOf(ImportFileError);
    await expect(rowsOf(Buffer.from('x'), 'old.xls')).rejects.toThrow('不支持旧版 Excel');
  });
});
