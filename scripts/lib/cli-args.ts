import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { firstMessage } from '../../src/schemas/cli';

/**
 * A command's options read strictly with `parseArgs` and checked by its zod schema (which has a
 * `help` flag). Returns the values, or ends the process: the usage alone for --help (exit 0), the
 * Chinese sentence and the usage for anything wrong (exit 1).
 */
export function cliArgs<S extends z.ZodType<{ help: boolean }>>(options: NonNullable<ParseArgsConfig['options']>, schema: S, usage: string): z.infer<S> {
  let message: string;
  try {
    const { values } = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true });
    const parsed = schema.safeParse(values);
    if (parsed.success && !parsed.data.help) return parsed.data;
    message = parsed.success ? usage : `${firstMessage(parsed.error)}\n\n${usage}`;
  } catch (e) {
    message = `${(e as Error).message}\n\n${usage}`;
  }
  console.error(message);
  process.exit(message === usage ? 0 : 1);
}
