/**
 * The credit lifecycle's state tables as one Markdown block for docs/supervisor.md, between the
 * markers below: `npm run docs:lifecycle` writes it, tests/unit/docs compares it, so the manual
 * says exactly what the server enforces.
 */
import { DISHONESTY_TRANSITIONS } from './dishonesty';
import { DOWNGRADE_TRANSITIONS } from './downgrade';
import { transitionsMarkdown } from './lifecycle-transitions';
import { RECTIFICATION_TRANSITIONS } from './rectification';
import { REVIEW_TRANSITIONS } from './under-review';

export const LIFECYCLE_DOC_BEGIN = '<!-- lifecycle-tables:begin (npm run docs:lifecycle) -->';
export const LIFECYCLE_DOC_END = '<!-- lifecycle-tables:end -->';

export function lifecycleTablesMarkdown(): string {
  return [
    transitionsMarkdown(DOWNGRADE_TRANSITIONS),
    transitionsMarkdown(RECTIFICATION_TRANSITIONS),
    transitionsMarkdown(REVIEW_TRANSITIONS),
    transitionsMarkdown(DISHONESTY_TRANSITIONS),
  ].join('\n\n');
}

/** The document with the block between the markers replaced; null when the markers are missing. */
export function withLifecycleTables(doc: string): string | null {
  const begin = doc.indexOf(LIFECYCLE_DOC_BEGIN);
  const end = doc.indexOf(LIFECYCLE_DOC_END);
  if (begin < 0 || end < begin) return null;
  return `${doc.slice(0, begin + LIFECYCLE_DOC_BEGIN.length)}\n${lifecycleTablesMarkdown()}\n${doc.slice(end)}`;
}
