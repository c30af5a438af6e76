export const prerender = false;
import type { APIRoute } from 'astro';
import { documentPdfResponse } from '../../../handlers/admin/documents';
import { page } from '../../../handlers/admin/http';

/** An archived notice, byte for byte as issued, inside the supervisor's jurisdiction. */
export const GET: APIRoute = (ctx) => page(() => documentPdfResponse(ctx));
