// Open311 GeoReport v2: the services (the seed complaint categories' items; src/domain/open311.ts).
import type { APIRoute } from 'astro';
import { open311MethodNotAllowed, services } from '../../../handlers/open311';

export const prerender = false;
export const GET: APIRoute = () => services();
export const ALL: APIRoute = () => open311MethodNotAllowed('GET');
