export const prerender = false;
import type { APIRoute } from 'astro';
import { planCsv } from '../../handlers/admin/plan';
import { page } from '../../handlers/admin/http';

/** The plan of ?year=YYYY as CSV (the one CSV encoder), inside the supervisor's jurisdiction. */
export const GET: APIRoute = (ctx) => page(() => planCsv(ctx));
