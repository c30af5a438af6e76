// POST /api/ratings — ratings from apps. See /api/openapi.json and src/handlers/intake/rating.ts.
import type { APIRoute } from 'astro';
import { ratingApi } from '../../handlers/intake/rating';
import { methodNotAllowed } from '../../handlers/intake/http';

export const prerender = false;
export const POST: APIRoute = (context) => ratingApi(context);
export const ALL: APIRoute = () => methodNotAllowed('POST');
