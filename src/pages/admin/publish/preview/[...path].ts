export const prerender = false;
import type { APIRoute } from 'astro';
import { previewRequest } from '../../../../handlers/admin/publish';
import { page } from '../../../../handlers/admin/http';

/** Files of a built, not yet published release, for the administrator's preview. */
export const GET: APIRoute = (ctx) => page(() => previewRequest(ctx));
