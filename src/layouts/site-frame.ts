/** What every public page shows around its content (BaseLayout's `site`; siteFrame in src/handlers/public.ts). */
export interface SiteFrame {
  dataset: { county: string; authority: string; demo: boolean };
  /** The public address, for canonical URLs. */
  publicUrl: string;
}
