// POST /api/complaint-satisfaction — the complainant rates a closed complaint (好差评). See /api/openapi.json.
import type { APIRoute } from 'astro';
import { satisfactionApi } from '../../handlers/intake/status';
import { methodNotAllowed } from '../../handlers/intake/http';

export const prerender = false;
export const POST: APIRoute = (context) => satisfactionApi(context);
export const ALL: APIRoute = () => methodNotAllowed('POST');
