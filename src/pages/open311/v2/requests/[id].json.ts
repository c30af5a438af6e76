// Open311 GeoReport v2: one of the client's own requests by its service_request_id (受理编号).
import type { APIRoute } from 'astro';
import { getRequest, open311MethodNotAllowed } from '../../../../handlers/open311';

export const prerender = false;
export const GET: APIRoute = (context) => getRequest(context);
export const ALL: APIRoute = () => open311MethodNotAllowed('GET');
