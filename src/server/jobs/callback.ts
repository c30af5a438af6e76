import crypto from 'node:crypto';
import { callbackTargetOf } from '../../db/api-clients';
import { readComplaintNotice } from '../../db/complaint-notices';
import { decrypt } from '../pii-crypto';
import { deliverOnce, postJson } from './deliver';
import type { JobContext } from '../queue';

/**
 * Callbacks to the system a complaint came from (its API client's callback URL): each status
 * change is POSTed as JSON, signed with HMAC-SHA256 under the client's callback secret.
 * Verification on the receiving side: docs/integrations.md (接入渠道与回调).
 */

export interface CallbackBody {
  tracking_no: string;
  client_request_id: string | null;
  status: string;
  outcome: string | null;
  status_notes: string | null;
  updated_at: string;
}

/** `sha256=<hex>`: HMAC-SHA256 of the raw body under the secret. */
export function signBody(secret: string, rawBody: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/** The handler of queue `client.callback` (topic complaint.status-changed). */
export async function sendCallback(payload: Record<string, unknown>, ctx: JobContext): Promise<void> {
  const complaintId = Number(payload['complaintId']);
  const target = await callbackTargetOf(complaintId);
  if (!target) return;
  const n = await readComplaintNotice(complaintId, Number(payload['eventId']));
  if (!n) return;
  const body: CallbackBody = {
    tracking_no: n.trackingNo,
    client_request_id: target.clientRequestId,
    status: String(payload['toStatus']),
    outcome: typeof payload['outcome'] === 'string' ? payload['outcome'] : null,
    status_notes: n.note,
    updated_at: n.at.toISOString(),
  };
  const raw = JSON.stringify(body);
  const secret = decrypt(target.secretEnc, 'callback_secret');
  await deliverOnce(ctx.idempotencyKey, 'client.callback', target.url, ctx.retryCount, () =>
    postJson(target.url, raw, ctx.idempotencyKey, { 'X-Signature': signBody(secret, raw), 'X-Timestamp': String(Math.floor(Date.now() / 1000)) }),
  );
}
