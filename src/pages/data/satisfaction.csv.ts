import type { APIRoute } from 'astro';
import { satisfactionCsvText } from '../../handlers/public-satisfaction';

/** 好差评 figures per district and month as CSV (UTF-8 with BOM). */
export const GET: APIRoute = async () => new Response(await satisfactionCsvText(), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
