import { countiesInScope, saveCountySettings } from '../../db/counties';
import { countyCodeSchema, countySettingsSchema, COUNTY_SETTINGS_LABELS } from '../../schemas/admin-counties';
import { reasonSchema } from '../../schemas/admin-complaints';
import { actorOf, ipOf, parseOrThrow, readForm, refused, requireAccess, seeOther, type AdminContext } from './http';

/**
 * /admin/counties: each county's own settings on a deployment for several counties (docs/scale.md):
 * the commission, supervising unit, complaint phone, contacts and document-number prefix. The
 * province administrator sees and edits every county; a county administrator only their own
 * (countiesInScope and saveCountySettings check it in SQL).
 */
export async function countiesPage(ctx: AdminContext) {
  const actor = actorOf(ctx);
  requireAccess(actor, 'user.manage');
  let errors: string[] = [];
  let status = 200;
  let values: Record<string, string> = {};
  if (ctx.request.method === 'POST') {
    values = await readForm(ctx.request);
    try {
      const code = parseOrThrow(countyCodeSchema, values['code'], { '': '县（市、区）' });
      const { reason } = parseOrThrow(reasonSchema, values, COUNTY_SETTINGS_LABELS);
      await saveCountySettings(actor, code, parseOrThrow(countySettingsSchema, values, COUNTY_SETTINGS_LABELS), reason, ipOf(ctx));
      return seeOther(`/admin/counties?done=${code}`);
    } catch (e) {
      ({ errors, status } = refused(e));
    }
  }
  const rows = await countiesInScope(actor);
  const saved = rows.find((r) => r.code === ctx.url.searchParams.get('done'));
  return { status, rows, errors, values, done: saved ? `${saved.name}的设置已保存，下次发布网站后在公示页生效。` : null };
}
