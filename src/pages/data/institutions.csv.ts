import type { APIRoute } from 'astro';
import { openDataCsv } from '../../handlers/public';

/** Open data as CSV (UTF-8 with BOM, so Excel shows the Chinese correctly). */
export const GET: APIRoute = async () => new Response(await openDataCsv(), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
