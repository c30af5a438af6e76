import { defineMiddleware, sequence } from 'astro:middleware';
import { securityHeaders } from './server/security-headers';
import { adminGuard } from './server/admin-guard';
import { markServedRelease } from './server/admin-release-marker';
import { withDeadline } from './server/db-deadline';
import { portalGuard } from './server/portal-guard';

/**
 * Security headers on on-demand responses under `astro dev`. In production the HTTP server
 * (src/server/http-server.ts) sets them on every response before Astro writes its own, so doing
 * it again here would only cost time on every request.
 */
const headers = defineMiddleware(async (_context, next) => {
  if (!import.meta.env.DEV) return next();
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

/**
 * The supervisor area: session, CSRF and no-store for /admin/** and /api/admin/**
 * (src/server/admin-guard.ts); every other route passes through untouched.
 */
const admin = defineMiddleware((context, next) => {
  if (context.isPrerendered) return next();
  markServedRelease();
  return adminGuard(context, next);
});

/** Deadline and "database unreachable ⇒ 503" for every on-demand route (src/server/db-deadline.ts). */
const deadline = defineMiddleware((context, next) => {
  if (context.isPrerendered) return next();
  return withDeadline(context.request, context.url.pathname, () => Promise.resolve(next()));
});

/** The institution portal: its own session, CSRF and no-store for /portal/** (src/server/portal-guard.ts). */
const portal = defineMiddleware((context, next) => {
  if (context.isPrerendered) return next();
  return portalGuard(context, next);
});

export const onRequest = sequence(headers, deadline, admin, portal);
