export const prerender = false;
import type { APIRoute } from 'astro';
import { apiHandler } from '../../../../../handlers/admin/http';
import { rectificationFile } from '../../../../../handlers/admin/rectifications';

/** One file of a rectification report (PDF, or a re-encoded image), in the supervisor's jurisdiction. */
export const GET: APIRoute = (ctx) => apiHandler(() => rectificationFile(ctx));
