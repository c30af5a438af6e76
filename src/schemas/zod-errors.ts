/**
 * Chinese messages for zod issues, shared by the intake forms, the JSON API and the importers.
 *
 * Two ways to use it:
 * - parse with `schema.safeParse(data, { error: zhErrorMap })`: every built-in issue gets a
 *   Chinese message (messages set in the schema itself still win — zod gives schema-level
 *   messages precedence over the per-parse map);
 * - turn issues into per-field messages with `fieldErrors(issues, fieldLabels)`. Issues parsed
 *   without the map are localized here from their code, so English defaults never reach users.
 */
import { z } from 'zod';

export interface FieldError {
  /** Path joined with '.', e.g. "contact.phone"; '' for errors about the whole input. */
  field: string;
  /** Label for display (from fieldLabels, else the field itself). */
  label: string;
  /** Chinese message without the label, e.g. "必填". */
  message: string;
}

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

const CJK = /[\u3400-\u9fff]/;

const englishDefault = z.locales.en().localeError;

/**
 * A message set by the schema author in Chinese (kept as is), as opposed to zod's English
 * default — which can contain Chinese too when it quotes values (e.g. enum options), hence the
 * comparison with the default text.
 */
function isChineseCustomMessage(issue: Issue): boolean {
  if (!CJK.test(issue.message)) return false;
  const fallback = englishDefault(issue as unknown as RawIssue);
  const text = typeof fallback === 'string' ? fallback : fallback?.message;
  return issue.message !== text;
}

const FORMAT_MESSAGES: Record<string, string> = {
  email: '电子邮箱格式不正确',
  url: '网址格式不正确',
  date: '日期格式不正确（应为 YYYY-MM-DD）',
  datetime: '日期时间格式不正确',
  time: '时间格式不正确',
  uuid: '编号格式不正确',
  e164: '电话号码格式不正确',
};

function isBlank(input: unknown): boolean {
  return input === undefined || input === null || (typeof input === 'string' && input.trim() === '');
}

function limit(value: number | bigint): string {
  return value.toString();
}

/**
 * Chinese message for one issue. Accepts final issues (from `error.issues`) and raw issues (in
 * an error map, where `input` is known).
 */
export function zhIssueMessage(issue: Issue | RawIssue): string {
  const hasInput = 'input' in issue;
  switch (issue.code) {
    case 'invalid_type': {
      // Final issues carry no input; zod's default English message then says "received undefined".
      const missing = hasInput ? isBlank(issue.input) : /received (undefined|null)/.test(issue.message);
      if (missing) return '必填';
      switch (issue.expected) {
        case 'number':
          return '必须是数字';
        case 'int':
          return '必须是整数';
        case 'boolean':
          return '必须是“是”或“否”';
        case 'string':
          return '必须是文字';
        case 'date':
          return '必须是日期';
        case 'array':
          return '必须是列表';
        default:
          return '格式不正确';
      }
    }
    case 'too_small': {
      const min = limit(issue.minimum);
      if (issue.origin === 'string') return issue.minimum === 1 ? '必填' : `至少${min}个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少${min}项`;
      if (issue.origin === 'date') return '日期太早';
      return issue.inclusive === false ? `必须大于${min}` : `不能小于${min}`;
    }
    case 'too_big': {
      const max = limit(issue.maximum);
      if (issue.origin === 'string') return `不能超过${max}个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多${max}项`;
      if (issue.origin === 'date') return '日期太晚';
      return issue.inclusive === false ? `必须小于${max}` : `不能大于${max}`;
    }
    case 'invalid_format':
      return FORMAT_MESSAGES[issue.format] ?? '格式不正确';
    case 'not_multiple_of':
      return `必须是${issue.divisor}的倍数`;
    case 'unrecognized_keys':
      return `包含不认识的字段：${issue.keys.join('、')}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `必须为“${String(issue.values[0])}”` : `必须是以下之一：${issue.values.map(String).join('、')}`;
    case 'invalid_union':
      return '格式不正确';
    case 'invalid_key':
    case 'invalid_element':
      return '包含无效的值';
    case 'custom':
    default: {
      const message = typeof issue.message === 'string' ? issue.message : '';
      return CJK.test(message) ? message : '输入不正确';
    }
  }
}

/** Per-parse error map: `schema.safeParse(data, { error: zhErrorMap })`. */
export const zhErrorMap: z.core.$ZodErrorMap = (issue) => {
  // A message already set on the issue in Chinese (custom refinements) is kept.
  if (typeof issue.message === 'string' && CJK.test(issue.message)) return issue.message;
  return zhIssueMessage(issue);
};

function pathKey(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'symbol' ? p.toString() : String(p))).join('.');
}

/**
 * Turns zod issues into { field, label, message } in Chinese. Labels are looked up by the full
 * path, then by its first segment (so "staff.0.name" can fall back to "staff"). Messages that
 * are already Chinese (set by the schema) are kept as they are.
 */
export function fieldErrors(issues: readonly Issue[], fieldLabels: Readonly<Record<string, string>> = {}): FieldError[] {
  return issues.map((issue) => {
    const field = pathKey(issue.path);
    const first = issue.path.length > 0 ? pathKey(issue.path.slice(0, 1)) : '';
    const label = fieldLabels[field] ?? fieldLabels[first] ?? field;
    const message = isChineseCustomMessage(issue) ? issue.message : zhIssueMessage(issue);
    return { field, label, message };
  });
}

/** "label: message" lines, e.g. for a form summary or a log. */
export function formatFieldErrors(errors: readonly FieldError[]): string[] {
  return errors.map((e) => (e.label ? `${e.label}: ${e.message}` : e.message));
}
