import { defineMiddleware } from 'astro:middleware';
import { securityHeaders } from './server/security-headers';

/** Security headers on every on-demand response (static files get them from the HTTP server). */
export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  try {
    for (const [k, v] of Object.entries(securityHeaders())) {
      if (!response.headers.has(k)) response.headers.set(k, v);
    }
  } catch {
    // Immutable headers (e.g. Response.redirect): the HTTP server adds them anyway.
  }
  return response;
});
