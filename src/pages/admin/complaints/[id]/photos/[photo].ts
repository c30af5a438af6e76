export const prerender = false;
import type { APIRoute } from 'astro';
import { complaintPhoto } from '../../../../../handlers/admin/complaints';
import { page } from '../../../../../handlers/admin/http';

/** A complaint's photo, only inside the supervisor's jurisdiction. */
export const GET: APIRoute = async (ctx) => {
  const r = await page(() => complaintPhoto(ctx));
  return r;
};
