export const prerender = false;
import type { APIRoute } from 'astro';
import { portalLogout } from '../../handlers/portal';

/** Logging out ends the portal session on the server (POST with the CSRF token). */
export const POST: APIRoute = (ctx) => portalLogout(ctx);
export const GET: APIRoute = () => new Response(null, { status: 303, headers: { Location: '/portal/' } });
