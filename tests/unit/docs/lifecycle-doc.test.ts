import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lifecycleTablesMarkdown, withLifecycleTables } from '../../../src/domain/lifecycle-doc';
import { DOWNGRADE_TRANSITIONS } from '../../../src/domain/downgrade';

describe('docs/supervisor.md: the credit lifecycle', () => {
  it('has the state tables the server enforces (run `npm run docs:lifecycle` after changing one)', () => {
    const doc = fs.readFileSync('docs/supervisor.md', 'utf8');
    expect(withLifecycleTables(doc)).toBe(doc);
  });

  it('names every action, its states and who may take it, with the second person', () => {
    const md = lifecycleTablesMarkdown();
    for (const rule of DOWNGRADE_TRANSITIONS.rules) expect(md).toContain(`| ${DOWNGRADE_TRANSITIONS.actionLabels[rule.action]} |`);
    expect(md).toContain('| 审查通过并出具降级通知书 | 已上报评价小组，待审查 | 已降级 | 委机关管理员（须为提出或录入者以外的另一人） |');
    expect(withLifecycleTables('no markers')).toBeNull();
  });
});
