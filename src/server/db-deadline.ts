import { isDatabaseUnavailable, UNAVAILABLE_MESSAGE } from '../db/unavailable';

/**
 * Every on-demand request (they all read or write the database) has a deadline: when PostgreSQL is
 * gone or hung, a citizen or supervisor gets a clear Chinese 503 with Retry-After within seconds
 * instead of a page that never loads (issue 17). The same answer replaces Astro's 500 when a page
 * throws "database unreachable". The work itself is not cancelled (postgres.js cannot abandon a
 * query); whatever it finishes later is idempotent from the client's side (form tokens and
 * Idempotency-Key replay the first result).
 */

/** Below the 10 s a citizen waits at most for an answer during an outage. */
export const REQUEST_DEADLINE_MS = 8_000;
export const RETRY_AFTER_SECONDS = 30;

/**
 * Routes that legitimately run long: parsing an uploaded sheet, writing a large export, and the
 * complaint form, whose body (up to three photos) arrives at the speed of the citizen's phone
 * network — the clock would run while the upload does, and a slow upload would be told that the
 * database is down. They have no deadline (the server's 60 s request timeout still bounds them)
 * and still answer 503 at once when the database refuses.
 */
export function hasDeadline(pathname: string, method: string): boolean {
  if (method === 'POST' && (pathname.startsWith('/admin/import') || pathname.startsWith('/complaints/new'))) return false;
  return !pathname.startsWith('/admin/export.');
}

const PAGE_TITLE = '系统暂时不可用';
const PAGE_TEXT = '数据库暂时无法访问，您的请求没有完成。请稍候片刻再试；如在填写投诉或评价，返回上一页后内容通常仍在。';

export function unavailableResponse(pathname: string, accept: string | null): Response {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', 'Retry-After': String(RETRY_AFTER_SECONDS) };
  const json = pathname.startsWith('/api/') || (accept ?? '').includes('application/json');
  if (json) {
    return new Response(JSON.stringify({ error: UNAVAILABLE_MESSAGE }), {
      status: 503,
      headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' },
    });
  }
  const back = pathname.startsWith('/admin') ? '/admin/' : '/';
  const body =
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${PAGE_TITLE}</title></head><body><main><h1>${PAGE_TITLE}</h1><p>${PAGE_TEXT}</p>` +
    `<p>请约 ${RETRY_AFTER_SECONDS} 秒后 <a href="">重新加载本页</a>，或 <a href="${back}">返回首页</a>。</p></main></body></html>`;
  return new Response(body, { status: 503, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } });
}

/** Runs the rest of the request with the deadline and the "database unreachable ⇒ 503" net. */
export async function withDeadline(request: Request, pathname: string, next: () => Promise<Response>, deadlineMs = REQUEST_DEADLINE_MS): Promise<Response> {
  const accept = request.headers.get('accept');
  const work = next().catch((e: unknown) => {
    if (isDatabaseUnavailable(e)) return unavailableResponse(pathname, accept);
    throw e;
  });
  if (!hasDeadline(pathname, request.method)) return work;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Response>((resolve) => {
    timer = setTimeout(() => {
      resolve(unavailableResponse(pathname, accept));
    }, deadlineMs);
  });
  // The abandoned work may still fail later; nobody is waiting for it then.
  work.catch(() => {});
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
