import { recordDelivery, wasDelivered } from '../../db/deliveries';

/**
 * Delivering a message at most once per idempotency key, as far as this side can tell: the
 * ledger (deliveries) is asked first and written after the receiver said yes. The one gap — a
 * worker killed after the receiver answered and before the ledger row — is closed by the receiver,
 * which gets the same Idempotency-Key again and keeps the message once (docs/integrations.md).
 */
export async function deliverOnce(key: string, queue: string, target: string, attempt: number, send: () => Promise<void>): Promise<'sent' | 'already'> {
  if (await wasDelivered(key)) return 'already';
  await send();
  await recordDelivery(key, queue, target, attempt + 1);
  return 'sent';
}

/** Seconds a receiver may take to answer before the attempt counts as failed (and is retried). */
const HTTP_TIMEOUT_MS = 15_000;

/**
 * POSTs a body with its Idempotency-Key (and any extra headers, Content-Type among them), never
 * following a redirect. Anything but a 2xx answer — or no answer — throws, so the job is retried
 * with backoff.
 */
export async function postBody(
  url: string,
  body: string | Uint8Array<ArrayBuffer>,
  idempotencyKey: string,
  headers: Record<string, string>,
  timeoutMs: number = HTTP_TIMEOUT_MS,
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'Idempotency-Key': idempotencyKey, ...headers },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new Error(`无法送达 ${new URL(url).host}：${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new Error(`接收方 ${new URL(url).host} 返回 HTTP ${res.status}`);
}

/** postBody with a JSON body. */
export function postJson(url: string, body: string, idempotencyKey: string, headers: Record<string, string> = {}): Promise<void> {
  return postBody(url, body, idempotencyKey, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
}
