/**
 * npm run credit -- FILE [--json] [--sheet NAME]
 *
 * Evaluates an evaluation sheet (CSV in UTF-8/GB18030, or XLSX) without a database: credit
 * level per institution, the 10 % cut per 评价年度 over the whole sheet, supervision frequency.
 *
 * --json   one JSON object per line per institution (contract in DESIGN.md), nothing else.
 * default  a table and a summary per year (counts per level, the cut and its tie rule).
 *
 * Any bad row: every problem is printed on stderr as "第N行 列名: 原因", nothing on stdout,
 * exit code 1. Usage errors exit with 2.
 */
import { parseArgs } from 'node:util';
import { formatSheetError, REQUIRED_EVALUATION_COLUMNS, type EvaluatedInstitution } from '../src/domain/evaluation-sheet';
import { evaluateSheet } from '../src/schemas/evaluation-sheet';
import { formatHundredths, LEVELS, type CreditLevel } from '../src/domain/credit-level';
import { EXCELLENT_CUT_RULE, type CutSummary } from '../src/domain/excellent-cut';
import { readSheet, SheetReadError } from '../src/import/sheet-reader';
import { creditArgs, firstMessage } from '../src/schemas/cli';

const USAGE = `用法：npm run credit -- 文件.csv|文件.xlsx [--json] [--sheet 工作表名]

  --json          每家机构输出一行 JSON（registrationNo, year, standardizedScore, level, reasons…）
  --sheet 名称    读取 XLSX 中指定名称的工作表（默认第一个）
  -h, --help      显示本帮助`;

export function toJsonRecord(r: EvaluatedInstitution): Record<string, unknown> {
  return {
    line: r.line,
    registrationNo: r.registrationNo,
    name: r.name,
    year: r.year,
    evaluatedOn: r.evaluatedOn,
    actualScore: r.actualScore,
    reasonableMissingPoints: r.reasonableMissingPoints,
    standardizedScore: r.standardizedScore,
    standardizedScoreText: r.standardizedScoreText,
    levelByScore: r.levelByScore,
    levelBeforeCut: r.levelBeforeCut,
    level: r.level,
    reasons: r.reasons,
    caps: r.caps.map((c) => ({ rule: c.rule, maxLevel: c.maxLevel, lowered: c.lowered })),
    excellentCut: { heldBack: r.excellentCut.heldBack, candidateRank: r.excellentCut.candidateRank },
    supervision: {
      method: r.supervision.method,
      frequency: r.supervision.frequencyText,
      minPerYear: r.supervision.minPerYear,
      maxPerYear: r.supervision.maxPerYear,
      rectificationRequired: r.supervision.rectificationRequired,
    },
  };
}

/** Terminal width of a string: CJK and full-width characters take two columns. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      cp >= 0x20000;
    w += wide ? 2 : 1;
  }
  return w;
}

function pad(s: string, width: number, alignRight = false): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return alignRight ? fill + s : s + fill;
}

export function renderTable(results: readonly EvaluatedInstitution[], summaries: Map<number, CutSummary>): string {
  const head = ['行号', '登记号', '机构名称', '年度', '标化得分', '级别', '监督方式及频次', '原因'];
  const body = results.map((r) => [
    String(r.line),
    r.registrationNo,
    r.name,
    String(r.year),
    r.standardizedScoreText,
    r.level,
    r.supervision.description,
    r.reasons.join('；'),
  ]);
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...body.map((row) => displayWidth(row[i] ?? ''))));
  const right = new Set([0, 3, 4]);
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i] ?? 0, right.has(i))))
      .join('  ')
      .trimEnd();
  const out: string[] = [line(head), line(widths.map((w, i) => (i === widths.length - 1 ? '----' : '-'.repeat(w))))];
  for (const row of body) out.push(line(row));
  out.push('');

  const years = [...summaries.keys()].sort((a, b) => a - b);
  for (const year of years) {
    const s = summaries.get(year);
    if (!s) continue;
    const inYear = results.filter((r) => r.year === year);
    const counts = LEVELS.slice()
      .reverse()
      .map((lv: CreditLevel) => `${lv}${inYear.filter((r) => r.level === lv).length}家`)
      .join('、');
    out.push(`${year}年度：参评${s.evaluatedCount}家；${counts}`);
    const cut =
      s.heldBackCount > 0
        ? `；因名额限制改评合格${s.heldBackCount}家（分界线${formatHundredths(s.cutLineHundredths ?? 0)}分，等于或低于分界线者不评优秀）`
        : '，未超出名额';
    out.push(`  优秀名额${s.quota}个（参评数的10%，向下取整）；符合优秀条件${s.candidateCount}家${cut}`);
  }
  out.push('', `同分规则：${EXCELLENT_CUT_RULE}`);
  return `${out.join('\n')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        sheet: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const parsed = creditArgs.safeParse({ ...args.values, positionals: args.positionals });
  if (!parsed.success) {
    process.stderr.write(`${firstMessage(parsed.error)}\n\n${USAGE}\n`);
    return 2;
  }
  const { positionals: file, sheet: sheetName, json } = parsed.data;

  let sheet;
  try {
    sheet = await readSheet(file, { sheet: sheetName, requiredColumns: REQUIRED_EVALUATION_COLUMNS });
  } catch (e) {
    if (e instanceof SheetReadError) {
      process.stderr.write(`${file}: ${e.message}\n`);
      return 1;
    }
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT') {
      process.stderr.write(`找不到文件：${file}\n`);
      return 1;
    }
    if (code === 'EISDIR') {
      process.stderr.write(`不是文件：${file}\n`);
      return 1;
    }
    throw e;
  }

  const evaluation = evaluateSheet(sheet.rows);
  if (!evaluation.ok) {
    const lines = evaluation.errors.map(formatSheetError);
    lines.push(`共${evaluation.errors.length}处错误，未输出任何评价结果。请修改后重新运行。`);
    process.stderr.write(`${lines.join('\n')}\n`);
    return 1;
  }
  if (evaluation.results.length === 0) {
    process.stderr.write(`${file}: 没有数据行\n`);
    return 1;
  }

  if (json) {
    process.stdout.write(`${evaluation.results.map((r) => JSON.stringify(toJsonRecord(r))).join('\n')}\n`);
  } else {
    process.stdout.write(renderTable(evaluation.results, evaluation.summaries));
  }
  return 0;
}

// Run only when executed directly (tests import the helpers).
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('scripts/credit.ts')) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
