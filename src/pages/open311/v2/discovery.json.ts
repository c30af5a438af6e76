// Open311 GeoReport v2 service discovery (src/handlers/open311.ts).
import type { APIRoute } from 'astro';
import { discovery, open311MethodNotAllowed } from '../../../handlers/open311';

export const prerender = false;
export const GET: APIRoute = () => discovery();
export const ALL: APIRoute = () => open311MethodNotAllowed('GET');
