// GET /api/openapi.json — built with the site (static): the intake API generated from its zod schemas.
import type { APIRoute } from 'astro';
import { openApiResponse } from '../../handlers/intake/openapi';

export const prerender = true;

export const GET: APIRoute = () => openApiResponse();
