export const prerender = false;
import type { APIRoute } from 'astro';
import { apiDetail } from '../../../../handlers/admin/complaints';
import { apiHandler } from '../../../../handlers/admin/http';

/**
 * GET /api/admin/complaints/{id}: one complaint with its history (404 outside the jurisdiction).
 * POST: one workflow action as JSON, with the session's X-CSRF-Token header.
 */
export const GET: APIRoute = (ctx) => apiHandler(() => apiDetail(ctx));
export const POST: APIRoute = (ctx) => apiHandler(() => apiDetail(ctx));
