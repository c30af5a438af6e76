/**
 * What a Chinese government website shows about itself (政府网站发展指引, 2017: the 网站标识码, the
 * ICP and 公安机关 filing numbers, 主办单位/承办单位 and a way to contact the site), and the elder
 * mode (长辈模式) switch. Pure: the values come from the configuration (SITE_* in src/config.ts).
 * See docs/security.md, 适老化与网站标识.
 */

/** The configured identity; every field optional — a field that is not set is not shown at all. */
export interface SiteIdentity {
  /** 政府网站标识码, e.g. 4100000001. */
  govId?: string | undefined;
  /** ICP 备案号, e.g. 豫ICP备00000001号. */
  icp?: string | undefined;
  /** 公安机关备案号, e.g. 豫公网安备41000002000001号. */
  psb?: string | undefined;
  /** 主办单位. */
  sponsor?: string | undefined;
  /** 承办单位. */
  operator?: string | undefined;
  contactPhone?: string | undefined;
  contactAddress?: string | undefined;
  contactEmail?: string | undefined;
}

/** One line of the footer's identity block: a label and a value, linked where the rules say so. */
export interface IdentityItem {
  label: string;
  value: string;
  href?: string;
}

/** MIIT's filing site: the ICP number links there (工信部《关于进一步落实网站备案信息真实性核验工作方案》). */
export const ICP_URL = 'https://beian.miit.gov.cn/';

/** The 公安机关 filing site; its query takes the record's digits. */
export const PSB_URL = 'http://www.beian.gov.cn/portal/registerSystemInfo';

/** The digits of a 公安机关备案号 ("豫公网安备41000002000001号" → "41000002000001"), or null. */
export function psbRecordCode(psb: string): string | null {
  const m = /(\d{6,})/.exec(psb);
  return m ? (m[1] as string) : null;
}

const present = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

/** The footer's identity lines, in the order government sites use; only the fields that are set. */
export function identityItems(id: SiteIdentity): IdentityItem[] {
  const items: IdentityItem[] = [];
  if (present(id.sponsor)) items.push({ label: '主办单位', value: id.sponsor.trim() });
  if (present(id.operator)) items.push({ label: '承办单位', value: id.operator.trim() });
  if (present(id.govId)) items.push({ label: '网站标识码', value: id.govId.trim() });
  if (present(id.icp)) items.push({ label: 'ICP备案', value: id.icp.trim(), href: ICP_URL });
  if (present(id.psb)) {
    const code = psbRecordCode(id.psb);
    items.push({ label: '公安备案', value: id.psb.trim(), ...(code ? { href: `${PSB_URL}?recordcode=${code}` } : {}) });
  }
  return items;
}

/** The 联系我们 lines that are set (phone linked with tel:, e-mail with mailto:). */
export function contactItems(id: SiteIdentity): IdentityItem[] {
  const items: IdentityItem[] = [];
  if (present(id.contactPhone)) items.push({ label: '联系电话', value: id.contactPhone.trim(), href: `tel:${id.contactPhone.replace(/[^\d+]/g, '')}` });
  if (present(id.contactAddress)) items.push({ label: '通信地址', value: id.contactAddress.trim() });
  if (present(id.contactEmail)) items.push({ label: '电子邮箱', value: id.contactEmail.trim(), href: `mailto:${id.contactEmail.trim()}` });
  return items;
}

// ---------------------------------------------------------------------------------------------
// Elder mode (长辈模式)

/** The cookie that turns elder mode on ("1"); a preference, not personal data. */
export const ELDER_COOKIE = 'elder';

/** One year: the mode stays until it is switched off (or the browser's cookies are cleared). */
export const ELDER_COOKIE_MAX_AGE = 365 * 24 * 3600;

/** The stylesheet every public page links; its content depends on the cookie (src/pages/mode.css.ts). */
export const MODE_STYLESHEET = '/mode.css';

/**
 * Where the switch sends the visitor back to: a path on this site only ("/…", not "//host" or
 * "/\host", which browsers read as another site), else the home page — so the switch is no open
 * redirect.
 */
export function safeBack(back: string | undefined): string {
  if (back === undefined || !back.startsWith('/') || back.startsWith('//') || back.startsWith('/\\')) return '/';
  // Control characters (a header split) and backslashes never belong in a path we send back.
  for (let i = 0; i < back.length; i++) {
    const c = back.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x5c) return '/';
  }
  // A Location header carries ASCII only: anything else (/中, a space) is percent-encoded; a lone
  // surrogate cannot be, and goes home.
  try {
    return back.replace(/[^\x21-\x7e]/gu, (ch) => encodeURIComponent(ch));
  } catch {
    return '/';
  }
}

/** The plain link that switches elder mode on or off and comes back to `back`. */
export function elderModeHref(on: boolean, back: string): string {
  return `/elder-mode?on=${on ? '1' : '0'}&back=${encodeURIComponent(safeBack(back))}`;
}

/** Whether a Cookie header turns elder mode on. */
export function elderModeOn(cookieHeader: string | null | undefined): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(';').some((c) => c.trim() === `${ELDER_COOKIE}=1`);
}

/** The Set-Cookie value for switching the mode (Max-Age=0 removes it). */
export function elderCookie(on: boolean, secure: boolean): string {
  return [`${ELDER_COOKIE}=${on ? '1' : ''}`, 'Path=/', `Max-Age=${on ? ELDER_COOKIE_MAX_AGE : 0}`, 'SameSite=Lax', ...(secure ? ['Secure'] : [])].join('; ');
}
