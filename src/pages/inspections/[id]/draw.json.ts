import type { APIRoute } from 'astro';
import { drawJson, drawJsonPaths } from '../../../handlers/public-inspections';

/** The machine-readable record of a published draw: what `npm run draw:verify` reads. */
export const getStaticPaths = drawJsonPaths;
export const GET: APIRoute = async ({ params }) =>
  new Response(await drawJson(params['id']), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
