/**
 * Helpers for the import integration tests: run the real CLI (`node --import tsx
 * scripts/import.ts`, as `npm run import` does) against the test database, and write sheets in
 * the encodings supervisors' Excel produces.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { csvField } from '../../../src/import/error-file';

const node = path.resolve('node_modules/.bin/node');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for messages that may go to either. */
  all: string;
}

export function runImportCli(databaseUrl: string, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['--import', 'tsx', 'scripts/import.ts', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, all: stdout + stderr }));
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `import-${prefix}-`));
}

export function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Writes a CSV as Excel does: UTF-8 with BOM, or GB18030 ("CSV (逗号分隔)" on Chinese Windows). */
export function writeCsv(file: string, rows: readonly (readonly string[])[], encoding: 'utf-8-bom' | 'utf-8' | 'gb18030' = 'utf-8-bom'): string {
  const text = csvText(rows);
  const bytes = encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from((encoding === 'utf-8-bom' ? '\uFEFF' : '') + text, 'utf8');
  fs.writeFileSync(file, bytes);
  return file;
}

/** The row errors the CLI printed ("第N行 列: 原因"), without progress lines. */
export function rowErrors(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /^第\d+行/.test(l));
}

/** The summary counts the CLI prints: 新增 N，更新 N，未变 N. */
export function counts(out: string): { created: number; updated: number; unchanged: number } | null {
  const m = /新增 (\d+) \S+，更新 (\d+) \S+，未变 (\d+)/.exec(out);
  return m ? { created: Number(m[1]), updated: Number(m[2]), unchanged: Number(m[3]) } : null;
}

/**
 * The 6,753 real institutions (tests/fixtures/real-institutions, a copy of the shared fever-clinic lists of 2020)
 * mapped onto the institutions template: generated 登记号, name, address, hospital grade.
 * Real names only ever go into test databases, never into demo pages.
 */
export function realInstitutionRows(): string[][] {
  const file = path.resolve('tests/fixtures/real-institutions/fever-clinics-2020.csv');
  const text = fs.readFileSync(file, 'utf8');
  const records = parse(text, { relax_column_count: true, bom: true }) as string[][];
  const header = records[0] ?? [];
  const col = (name: string) => header.indexOf(name);
  const [iName, iAddress, iLevel] = [col('name'), col('address'), col('level')];
  const rows = records.slice(1).filter((r) => r.length > 1);
  return [
    ['登记号', '机构名称', '地址', '医院等级'],
    ...rows.map((r, i) => [`REAL${String(i + 1).padStart(6, '0')}`, r[iName] ?? '', r[iAddress] ?? '', r[iLevel] ?? '']),
  ];
}
