import type { APIRoute } from 'astro';
import { countyOpenDataCsv, countyPaths } from '../../../handlers/public-counties';

/** One county's open data as CSV (several counties on one deployment); same columns as /data/institutions.csv. */
export const getStaticPaths = countyPaths;
export const GET: APIRoute = async ({ params }) =>
  new Response(await countyOpenDataCsv(params.county), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
