/** What every page of the institution portal shows around its content (frameOf in src/handlers/portal.ts). */
export interface PortalFrame {
  dataset: { demo: boolean; county: string; authority: string };
  /** The signed-in institution account; null on the login and activation pages. */
  account: { username: string; institutionName: string; institutionCode: string } | null;
  /** The session's CSRF token (for every form, and the logout form). */
  csrf: string;
}
