/**
 * The arguments of the command-line entry points (scripts/*.ts): each command reads its options
 * with `node:util` parseArgs (as strings and booleans) and validates them here, with the Chinese
 * sentence it prints before its usage text. Positionals are validated too (importArgs,
 * creditArgs): parseArgs gives them as an array, the schema says what they must be.
 */
import { z } from 'zod';
import { isImportKind, type ImportKindName } from './import-result';
import { EXPORT_FORMATS, EXPORT_KINDS } from '../domain/credit-exports';

/**
 * An integer given as text ("--seed 7"), between `min` and `max`; a missing value means the
 * option is required (wrap in `.default()` / `.optional()` otherwise).
 */
export function intArg(name: string, min: number, max: number) {
  return z
    .string({ error: () => `缺少 --${name}` })
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, {
      error: (issue) => `--${name} 必须是 ${min} 到 ${max} 之间的整数：${String(issue.input)}`,
    })
    .transform(Number);
}

/** A positive number given as text (the benchmark's duration and connections). */
function positiveArg(name: string, fallback: number) {
  return (
    z
      .string()
      // `--duration` with nothing after it: parseArgs (not strict) gives true.
      .or(z.boolean())
      .optional()
      .transform((v, ctx) => {
        const n = v === undefined ? fallback : typeof v === 'string' ? Number(v) : Number.NaN;
        if (!Number.isFinite(n) || n <= 0) {
          ctx.addIssue({ code: 'custom', message: `--${name} 应为正数` });
          return z.NEVER;
        }
        return n;
      })
  );
}

/** npm run demo:data — the default institution count comes from the configuration. */
export function demoDataArgs(defaultInstitutions: number) {
  return z.object({
    institutions: intArg('institutions', 0, 1_000_000).default(defaultInstitutions),
    counties: intArg('counties', 1, 100).optional(),
    seed: intArg('seed', 0, 0xffffffff).default(1),
    reset: z.boolean(),
    'allow-external': z.boolean(),
    help: z.boolean(),
  });
}

/** npm run bench:build (`--phase build` is the child process measuring the build). */
export const benchBuildArgs = z.object({
  phase: z.enum(['build'], { error: (issue) => `未知的 --phase：${String(issue.input)}` }).optional(),
  institutions: intArg('institutions', 1, 200_000).optional(),
  seed: intArg('seed', 0, 2 ** 31 - 1).default(1),
  'pg-port': intArg('pg-port', 1024, 65535).default(54381),
  keep: z.boolean(),
  help: z.boolean(),
});

/** npm run bench:intake */
export const benchIntakeArgs = z.object({
  duration: positiveArg('duration', 10),
  connections: positiveArg('connections', 50),
});

/** npm run intake:purge */
export const purgeArgs = z.object({
  days: z
    .string()
    // `--days` with nothing after it: parseArgs (not strict) gives true.
    .or(z.literal(true).transform(() => ''))
    .optional()
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 30 && Number(v) <= 3650), {
      error: (issue) => `--days 应为30到3650之间的整数（收到：${typeof issue.input === 'string' && issue.input !== '' ? issue.input : '空'}）。`,
    })
    .transform((v) => (v === undefined ? 365 : Number(v))),
  'dry-run': z.boolean().default(false),
  help: z.boolean().default(false),
});

/** npm run publish */
export const publishArgs = z.object({
  'dry-run': z.boolean().default(false),
  preview: z.boolean().default(false),
  /** Build every page, never the incremental path (docs/scale.md). */
  full: z.boolean().default(false),
  as: z.string().optional(),
  reason: z.string().default('命令行发布'),
  help: z.boolean().default(false),
});

/** npm run user:create — the account fields themselves are checked by `newAccountSchema`. */
export const userCreateArgs = z.object({
  username: z.string().default(''),
  role: z.string().default(''),
  regions: z.string().default(''),
  'display-name': z.string().default(''),
  department: z.string().optional(),
  'password-file': z.string().optional(),
  reason: z.string().default('命令行创建账户'),
  help: z.boolean().default(false),
});

/** What `npm run import` is asked to do: write the templates, or import one file of one kind. */
export type ImportCommand = { templates: true; dirs: string[] } | { templates: false; kind: ImportKindName; file: string };

/** npm run import -- KIND FILE [--dry-run] [--skip-invalid] [--sheet NAME] | templates [DIR …] */
export const importArgs = z.object({
  positionals: z.array(z.string()).transform((p, ctx): ImportCommand => {
    const [kind, file, ...rest] = p;
    if (kind === 'templates') return { templates: true, dirs: p.slice(1).filter((d) => d !== '') };
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (!kind) return fail('请指定导入类型');
    if (!isImportKind(kind)) return fail(`不认识的类型“${kind}”`);
    if (!file) return fail('请指定要导入的文件');
    if (rest.length > 0) return fail('只能指定一个文件');
    return { templates: false, kind, file };
  }),
  'dry-run': z.boolean().default(false),
  'skip-invalid': z.boolean().default(false),
  sheet: z.string().optional(),
  help: z.boolean().default(false),
});

/** npm run credit -- FILE [--json] [--sheet NAME] */
export const creditArgs = z.object({
  positionals: z.array(z.string()).transform((p, ctx): string => {
    const [file, ...rest] = p;
    if (file && rest.length === 0) return file;
    ctx.addIssue({ code: 'custom', message: file ? '只能指定一个文件' : '请指定评价表文件' });
    return z.NEVER;
  }),
  json: z.boolean().default(false),
  sheet: z.string().optional(),
  help: z.boolean().default(false),
});

/** The first message of a failed parse (the commands print one sentence, then their usage). */
export function firstMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? '参数不正确';
}

/**
 * npm run export -- KIND [--format csv|xlsx|json] [--full] [--out FILE]: the export kinds and
 * formats of src/domain/credit-exports.ts; incremental unless --full.
 */
export const exportArgs = z.object({
  kind: z.enum(EXPORT_KINDS, {
    error: (issue) => `不认识的导出类型：${typeof issue.input === 'string' ? issue.input : '（未填）'}（可选：${EXPORT_KINDS.join('、')}）`,
  }),
  format: z.enum(EXPORT_FORMATS, { error: (issue) => `--format 只能是 ${EXPORT_FORMATS.join('、')}：${String(issue.input)}` }).default('csv'),
  full: z.boolean().default(false),
  out: z.string({ error: '--out 后面要写文件名' }).min(1, '--out 后面要写文件名').optional(),
  help: z.boolean().default(false),
});

/** `npm run audit:verify -- [--checkpoint] [--batch N]` (scripts/audit-verify.ts). */
export const auditVerifyArgs = z.object({
  checkpoint: z.boolean().default(false),
  batch: intArg('batch', 100, 100_000).default(5000),
  help: z.boolean().default(false),
});

/** `npm run pii:rotate -- [--batch N] [--dry-run]` (scripts/pii-rotate.ts). */
export const piiRotateArgs = z.object({
  batch: intArg('batch', 10, 10_000).default(500),
  'dry-run': z.boolean().default(false),
  help: z.boolean().default(false),
});

/** npm run bench:publish (`--phase publish` is the child process that publishes, as a server does). */
export const benchPublishArgs = z.object({
  phase: z.enum(['publish'], { error: (issue) => `未知的 --phase：${String(issue.input)}` }).optional(),
  institutions: intArg('institutions', 1, 200_000).optional(),
  rounds: intArg('rounds', 1, 20).default(5),
  seed: intArg('seed', 0, 2 ** 31 - 1).default(1),
  'pg-port': intArg('pg-port', 1024, 65535).default(54383),
  keep: z.boolean().default(false),
  help: z.boolean().default(false),
});
