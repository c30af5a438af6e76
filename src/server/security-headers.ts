import { config } from '../config';

/**
 * Security headers for every response, static or on-demand. One definition, used by the HTTP
 * server (static files) and by src/middleware.ts (on-demand routes).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets the search (Pagefind) compile its WebAssembly; it allows no eval of
  // JavaScript and no inline script.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export function securityHeaders(): Record<string, string> {
  const h: Record<string, string> = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  if (config.HTTPS) h['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  return h;
}
