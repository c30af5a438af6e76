export const prerender = false;
import type { APIRoute } from 'astro';
import { reportXlsx } from '../../../handlers/admin/reports';
import { page } from '../../../handlers/admin/http';

/** The monthly report of {month} (YYYY-MM) as XLSX, inside the supervisor's jurisdiction. */
export const GET: APIRoute = (ctx) => page(() => reportXlsx(ctx));
