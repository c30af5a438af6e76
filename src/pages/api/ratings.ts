// POST /api/ratings — ratings from apps. See /api/openapi.json and src/server/intake-rating.ts.
import type { APIRoute } from 'astro';
import { ratingApi } from '../../server/intake-rating';
import { methodNotAllowed } from '../../server/intake-http';

export const prerender = false;
export const POST: APIRoute = (context) => ratingApi(context);
export const ALL: APIRoute = () => methodNotAllowed('POST');
