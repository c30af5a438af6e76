// GET /elder-mode — the 长辈模式 switch (src/handlers/elder-mode.ts).
import type { APIRoute } from 'astro';
import { switchElderMode } from '../handlers/elder-mode';

export const prerender = false;
export const GET: APIRoute = ({ url }) => switchElderMode(url);
