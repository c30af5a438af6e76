export const prerender = false;
import type { APIRoute } from 'astro';
import { apiHandler } from '../../../../../handlers/admin/http';
import { portalSubmissionFile } from '../../../../../handlers/admin/portal';

/** One file of a rectification report submitted through the portal, for the review (in the jurisdiction). */
export const GET: APIRoute = (ctx) => apiHandler(() => portalSubmissionFile(ctx));
