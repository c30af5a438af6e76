/**
 * One definition per staged sheet kind (penalties, points, commitments, self-inspections, staff):
 * every column once — header, zod cell, PostgreSQL type, diff label, null policy — and from it
 * the row schema, the template's columns, the staging table, the COPY column list and the change
 * preview (src/db/import-staged.ts) are derived. Adding such a sheet kind is one new file in
 * src/schemas (its definition) and one line in src/import/kinds/index.ts.
 */
import { z } from 'zod';
import type { ImportKindName } from './import-result';
import { registrationNoCell, whenValid, type SheetColumn } from './import-cells';

/** A value as COPY writes it (src/db/import-common.ts). */
export type CopyValue = string | number | boolean | null | undefined | readonly string[];

/**
 * What an empty cell means when a stored row is updated (the null policy):
 * 'replace' — the sheet's value always wins (required columns);
 * 'keep' — an empty cell keeps the stored value (optional columns);
 * 'never' — not compared and never updated (the row's identity, facts that are never rewritten).
 */
export type NullPolicy = 'replace' | 'keep' | 'never';

/** One column of a sheet kind. */
export interface SheetField<Cell extends z.ZodType = z.ZodType> {
  header: string;
  /** Other headers accepted for the same column (names used in existing registers). */
  aliases?: readonly string[];
  /** Required: the header must be in the file and the staging column is NOT NULL. */
  required: boolean;
  /** What to write, for the template's 填写说明 and docs/import.md. */
  help: string;
  /** The cell: a string in, the typed value out (optional cells: '' → null). */
  cell: Cell;
  /** PostgreSQL type of the staging column (the target table's column has the same name). */
  pg: string;
  /** Column name in the staging and target tables; default the field name in snake_case. */
  column?: string;
  /** Default 'replace' for required columns, 'keep' for optional ones. */
  onUpdate?: NullPolicy;
  /** false: staged for the checks only, not a column of the target table (登记号 never is). */
  stored?: boolean;
  /** Label in the change preview; default the header. */
  label?: string;
}

export type SheetFields = Record<string, SheetField>;

/**
 * The 登记号 column: the institutions sheet's own key, and in a sheet about institutions' records
 * what finds the institution (which must be imported already), never a column of the record's table.
 */
export function registrationNoField(help: string, aliases: readonly string[] = ['医疗机构登记号']) {
  return { header: '登记号', aliases, required: true, help, cell: registrationNoCell(), pg: 'text', stored: false } satisfies SheetField;
}
/** What a sheet's header check, template and row object need of a column (the sheets that are not staged give only this). */
export type ContractField = Pick<SheetField, 'header' | 'aliases' | 'required' | 'help' | 'cell'>;

type ShapeOf<F extends Record<string, ContractField>> = { [K in keyof F]: F[K]['cell'] };
export type SheetRowOf<F extends SheetFields> = z.output<z.ZodObject<ShapeOf<F>>>;

/** The sheet's columns (header check, template, 填写说明), in the order of its field table. */
export function columnsOf(fields: Readonly<Record<string, ContractField>>): SheetColumn[] {
  return Object.entries(fields).map(([field, f]) => ({ field, header: f.header, aliases: f.aliases ?? [], required: f.required, help: f.help }));
}

/** The row object: each field's cell. */
export function rowObjectOf<F extends Record<string, ContractField>>(fields: F): z.ZodObject<ShapeOf<F>> {
  return z.object(Object.fromEntries(Object.entries(fields).map(([field, f]) => [field, f.cell])) as ShapeOf<F>);
}

/** A column compared between the staged row (s) and the stored one (t). */
export interface DiffColumn {
  /** Column name, the same in the staging table and the target table. */
  col: string;
  /** Chinese column header, as in the sheet. */
  label: string;
  /** true: an empty cell (NULL in staging) keeps the stored value. */
  keepWhenNull: boolean;
}

/** A column of the staging table. */
export interface StagedColumn {
  column: string;
  pg: string;
  notNull: boolean;
}

export interface SheetKindOptions<Row> {
  name: ImportKindName;
  /** What the sheet is, in Chinese (行政处罚 …). */
  title: string;
  /** Counting word for the summary (条, 人, 份). */
  unit: string;
  /** The target table. */
  table: string;
  /** The row's identity within one file: a second row with the same key is an error. */
  fileKey: (row: Row) => string;
  /** Column blamed for a duplicate, and why duplicates are refused. */
  duplicate: { column: string; why: string };
  /**
   * Columns (besides the institution) that find the stored row: target_id is set by them.
   * Absent: the kind's own check in src/db finds it.
   */
  match?: readonly string[];
  /** Staging columns the database checks fill in (e.g. staff_id) and the insert writes. */
  linked?: readonly StagedColumn[];
  /** Values a new row takes for an empty cell, by column: staged as `<column>_when_new`. */
  whenNew?: Readonly<Record<string, (row: Row) => CopyValue>>;
  /** Names a row in the change preview from its staged values (by column name). */
  describe: (staged: Readonly<Record<string, unknown>>) => { key: string; label: string };
  /** Cross-field rules of a row, each run when the fields it compares are valid (whenValid). */
  rules?: readonly { fields: readonly string[]; check: (row: Row, ctx: z.core.$RefinementCtx<Row>) => void }[];
}

/** Everything derived from one sheet definition. */
export interface SheetKind<Row> extends Omit<SheetKindOptions<Row>, 'rules' | 'whenNew'> {
  columns: readonly SheetColumn[];
  schema: z.ZodType<Row>;
  /** Staging columns from the sheet, in COPY order (after `line`), then the when-new ones. */
  staged: readonly StagedColumn[];
  /** A parsed row as the COPY values of `staged`. */
  values: (row: Row) => CopyValue[];
  /** Columns the insert writes (besides institution_id): stored columns and `linked`. */
  inserted: readonly { column: string; whenNew: string | null }[];
  diff: readonly DiffColumn[];
}

/** The parsed row type of a sheet kind. */
export type RowOf<K> = K extends SheetKind<infer Row> ? Row : never;

/** A sheet's own fields with the 登记号 column in front (institutionRecordSheet). */
type WithRegistrationNo<F extends SheetFields> = { registrationNo: ReturnType<typeof registrationNoField> } & F;

/**
 * A sheet of an institution's records, each found again by 登记号 + one own column (`key`):
 * the 登记号 column comes first, and the file key, the column blamed for a duplicate and the
 * match follow from `key`, which is the record's identity (never updated). `label` names the
 * record in the change preview (its key there is the 登记号) unless `describe` is given.
 */
export function institutionRecordSheet<F extends SheetFields>(
  key: keyof F & string,
  fields: F,
  options: Omit<SheetKindOptions<SheetRowOf<WithRegistrationNo<F>>>, 'fileKey' | 'duplicate' | 'match' | 'describe'> & {
    /** Why a second row with the same 登记号 + key is refused. */
    why: string;
  } & ({ label: (staged: Readonly<Record<string, unknown>>) => string; describe?: never } | { describe: SheetKindOptions<unknown>['describe']; label?: never }),
): SheetKind<SheetRowOf<WithRegistrationNo<F>>> {
  const keyField: SheetField = { ...(fields[key] as SheetField), onUpdate: 'never' };
  const column = keyField.column ?? snake(key);
  const all = { registrationNo: registrationNoField('机构的登记号（机构须已导入）'), ...fields, [key]: keyField } as WithRegistrationNo<F>;
  const { why, label, describe, ...rest } = options;
  return defineSheet(all, {
    ...rest,
    fileKey: (row) => {
      const cells = row as Record<string, unknown>;
      return `${String(cells['registrationNo'])}\u0000${String(cells[key])}`;
    },
    duplicate: { column: keyField.header, why },
    match: [column],
    describe: label ? (s) => ({ key: String(s['registration_no']), label: label(s) }) : describe,
  });
}

const snake = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function defineSheet<F extends SheetFields>(fields: F, options: SheetKindOptions<SheetRowOf<F>>): SheetKind<SheetRowOf<F>> {
  type Row = SheetRowOf<F>;
  const entries = Object.entries(fields);
  const schema = (options.rules ?? []).reduce<z.ZodType<Row>>((acc, rule) => acc.superRefine(rule.check, whenValid(...rule.fields)), rowObjectOf(fields));
  const columnOf = (field: string, f: SheetField) => f.column ?? snake(field);
  const whenNew = Object.entries(options.whenNew ?? {});
  const staged: StagedColumn[] = [
    ...entries.map(([field, f]) => ({ column: columnOf(field, f), pg: f.pg, notNull: f.required })),
    ...whenNew.map(([column]) => {
      const of = entries.find(([field, f]) => columnOf(field, f) === column);
      if (!of) throw new Error(`whenNew: ${column} is not a column of ${options.name}`);
      return { column: `${column}_when_new`, pg: of[1].pg, notNull: false };
    }),
  ];
  return {
    name: options.name,
    title: options.title,
    unit: options.unit,
    table: options.table,
    fileKey: options.fileKey,
    duplicate: options.duplicate,
    ...(options.match ? { match: options.match } : {}),
    ...(options.linked ? { linked: options.linked } : {}),
    describe: options.describe,
    columns: columnsOf(fields),
    schema,
    staged,
    values: (row) => {
      const cells = row as Record<string, CopyValue>;
      return [...entries.map(([field]) => cells[field]), ...whenNew.map(([, value]) => value(row))];
    },
    inserted: [
      ...entries
        .filter(([, f]) => f.stored !== false)
        .map(([field, f]) => {
          const column = columnOf(field, f);
          return { column, whenNew: whenNew.some(([c]) => c === column) ? `${column}_when_new` : null };
        }),
      ...(options.linked ?? []).map((c) => ({ column: c.column, whenNew: null })),
    ],
    diff: entries.flatMap(([field, f]) => {
      const policy = f.onUpdate ?? (f.required ? 'replace' : 'keep');
      if (policy === 'never' || f.stored === false) return [];
      return [{ col: columnOf(field, f), label: f.label ?? f.header, keepWhenNull: policy === 'keep' }];
    }),
  };
}
