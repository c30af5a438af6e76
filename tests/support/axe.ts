import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

// @axe-core/playwright is typed against its own copy of playwright-core: same object, other type.
type AxePage = ConstructorParameters<typeof AxeBuilder>[0]['page'];

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe's WCAG 2.x AA violations on the page, one readable line each (empty when clean). */
export async function axeViolations(page: Page, tags: string[] = WCAG_TAGS): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page: page as unknown as AxePage }).withTags(tags).analyze();
  return violations.map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')})`,
  );
}
