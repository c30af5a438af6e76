export const prerender = false;
import type { APIRoute } from 'astro';
import { exportRequest } from '../../handlers/admin/complaints';

/** CSV export of the current filter of the intake table (reason required, audited). */
export const GET: APIRoute = (ctx) => exportRequest(ctx, 'csv');
