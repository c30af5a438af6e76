// POST /api/complaints — complaints from other channels (12345 hotline systems, apps). See
// /api/openapi.json and src/handlers/intake/complaint.ts.
import type { APIRoute } from 'astro';
import { complaintApi } from '../../handlers/intake/complaint';
import { methodNotAllowed } from '../../handlers/intake/http';

export const prerender = false;
export const POST: APIRoute = (context) => complaintApi(context);
export const ALL: APIRoute = () => methodNotAllowed('POST');
