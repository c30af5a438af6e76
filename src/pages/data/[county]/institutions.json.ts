import type { APIRoute } from 'astro';
import { countyOpenDataJson, countyPaths } from '../../../handlers/public-counties';

/** One county's open data (several counties on one deployment); same format as /data/institutions.json. */
export const getStaticPaths = countyPaths;
export const GET: APIRoute = async ({ params }) =>
  new Response(await countyOpenDataJson(params.county), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
