import type { APIRoute } from 'astro';
import { satisfactionJsonText } from '../../handlers/public-satisfaction';

/** 好差评 figures per district and month as JSON (counts, rates, field descriptions). */
export const GET: APIRoute = async () => new Response(await satisfactionJsonText(), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
