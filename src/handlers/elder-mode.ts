import { config } from '../config';
import { elderCookie, safeBack } from '../domain/site-identity';
import { elderModeQuerySchema } from '../schemas/elder-mode';

/**
 * GET /elder-mode?on=1&back=/i/AB12CD34/ — switches 长辈模式 on (or off with on=0) with a plain
 * link, no JavaScript: sets the `elder` cookie and sends the visitor back where they were
 * (303). The static pages then get the elder stylesheet from /mode.css (src/server/mode-stylesheet.ts).
 */
export function switchElderMode(url: URL): Response {
  const parsed = elderModeQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    return new Response(parsed.error.issues.map((i) => i.message).join('；'), {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  return new Response(null, {
    status: 303,
    headers: {
      Location: safeBack(parsed.data.back),
      'Set-Cookie': elderCookie(parsed.data.on === '1', config.HTTPS),
      'Cache-Control': 'no-store',
    },
  });
}
