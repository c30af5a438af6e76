export const prerender = false;
import type { APIRoute } from 'astro';
import { logoutRequest } from '../../handlers/admin/login';

/** Logging out ends the session on the server (POST with the CSRF token, from every page's header). */
export const POST: APIRoute = (ctx) => logoutRequest(ctx);
export const GET: APIRoute = () => new Response(null, { status: 303, headers: { Location: '/admin/' } });
