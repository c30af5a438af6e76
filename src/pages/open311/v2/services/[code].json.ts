// Open311 GeoReport v2: one service's definition (its attributes).
import type { APIRoute } from 'astro';
import { open311MethodNotAllowed, serviceDefinition } from '../../../../handlers/open311';

export const prerender = false;
export const GET: APIRoute = ({ params }) => serviceDefinition(params['code']);
export const ALL: APIRoute = () => open311MethodNotAllowed('GET');
