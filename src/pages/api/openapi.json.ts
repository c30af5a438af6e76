// GET /api/openapi.json — built with the site (static): the intake API generated from its zod schemas.
import type { APIRoute } from 'astro';
import { openApiDocument } from '../../handlers/intake/openapi';
import { sql } from '../../db/client';

export const prerender = true;

export const GET: APIRoute = async () => {
  // A real institution makes the rating example work as it is on this deployment.
  const [first] = await sql<{ code: string }[]>`SELECT code FROM institutions WHERE status = '执业' ORDER BY id LIMIT 1`.catch(() => []);
  return new Response(JSON.stringify(openApiDocument(first?.code ?? 'ABCD2345'), null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
