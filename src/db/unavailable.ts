/**
 * Telling "the database cannot take this now" (503, try again) apart from a bug (500): used by
 * the intake handlers and by the HTTP server's request deadline (src/server/db-deadline.ts).
 */

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
  '40001', // serialization_failure: retrying later is right
  '40P01', // deadlock_detected
]);

/** Errors that mean "the database cannot take this now", not "this request is wrong". */
export function isDatabaseUnavailable(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return UNAVAILABLE_CODES.has(code) || code.startsWith('08'); // 08xxx: connection exceptions
}

export const UNAVAILABLE_MESSAGE = '系统暂时无法保存，请稍后再试。您填写的内容仍保留在本页（浏览器中），没有丢失。';
