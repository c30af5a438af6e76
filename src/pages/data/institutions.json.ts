import type { APIRoute } from 'astro';
import { openDataJson } from '../../handlers/public';

/** Open data (DESIGN.md contract): every institution's level, score and penalties on show; nothing personal. */
export const GET: APIRoute = async () => new Response(await openDataJson(), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
