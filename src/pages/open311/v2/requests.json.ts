// Open311 GeoReport v2: POST a service request (a complaint through the intake pipeline), GET the client's own requests.
import type { APIRoute } from 'astro';
import { getRequests, open311MethodNotAllowed, postRequest } from '../../../handlers/open311';

export const prerender = false;
export const GET: APIRoute = (context) => getRequests(context);
export const POST: APIRoute = (context) => postRequest(context);
export const ALL: APIRoute = () => open311MethodNotAllowed('GET, POST');
