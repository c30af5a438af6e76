import type { SiteIdentity } from '../domain/site-identity';

/** What every public page shows around its content (BaseLayout's `site`; siteFrame in src/handlers/public.ts). */
export interface SiteFrame {
  dataset: { county: string; authority: string; demo: boolean };
  /** The public address, for canonical URLs. */
  publicUrl: string;
  /** 主办/承办单位, 网站标识码, filing numbers (shown only when configured). */
  identity: SiteIdentity;
}
