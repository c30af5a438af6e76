import type { Actor } from '../domain/roles';

/** What every page of the area shows around its screen (frameOf in src/handlers/admin/http.ts). */
export interface AdminFrame {
  dataset: { demo: boolean; county: string; authority: string };
  /** The signed-in account; null on the login page. */
  actor: Actor | null;
  /** The session's CSRF token (for the logout form). */
  csrf: string;
}
