export const prerender = false;
import type { APIRoute } from 'astro';
import { exportDownload } from '../../../handlers/admin/exports';

/** The file of one past export (administrators; the ledger lists its SHA-256). */
export const GET: APIRoute = (ctx) => exportDownload(ctx);
