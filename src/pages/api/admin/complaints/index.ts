export const prerender = false;
import type { APIRoute } from 'astro';
import { apiList } from '../../../../handlers/admin/complaints';
import { apiHandler } from '../../../../handlers/admin/http';

/** GET /api/admin/complaints: the intake table as JSON (same filter as the page), in the caller's jurisdiction. */
export const GET: APIRoute = (ctx) => apiHandler(() => apiList(ctx));
