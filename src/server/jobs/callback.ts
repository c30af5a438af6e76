import crypto from 'node:crypto';
import { STATUS_EXPLANATIONS, statusNotes } from '../../domain/open311';
import type { ComplaintStatus } from '../../domain/complaint-workflow';
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

/**
 * `sha256=<hex>`: HMAC-SHA256 under the client's secret of `<X-Timestamp>.<Idempotency-Key>.<raw
 * body>`, so neither header can be replaced: a captured callback cannot be replayed with a fresh
 * timestamp or a new key (docs/integrations.md, 接收方如何核验).
 */
export function signCallback(secret: string, timestamp: string, idempotencyKey: string, rawBody: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${idempotencyKey}.${rawBody}`, 'utf8').digest('hex')}`;
}

/** The handler of queue `client.callback` (topic complaint.status-changed). */
export async function sendCallback(payload: Record<string, unknown>, ctx: JobContext): Promise<void> {
  const complaintId = Number(payload['complaintId']);
  const target = await callbackTargetOf(complaintId);
  if (!target) return;
  const n = await readComplaintNotice(complaintId, Number(payload['eventId']));
  if (!n) return;
  const status = String(payload['toStatus']) as ComplaintStatus;
  const outcome = typeof payload['outcome'] === 'string' ? payload['outcome'] : null;
  // Only what the public status page (and Open311's GET) may say: never the supervisors' internal
  // notes, and for an anonymous complaint neither the outcome nor the feedback.
  const body: CallbackBody = {
    tracking_no: n.trackingNo,
    client_request_id: target.clientRequestId,
    status,
    outcome: n.anonymous ? null : outcome,
    status_notes: statusNotes(
      { status, anonymous: n.anonymous, outcome, feedback: n.feedback, rejectReason: n.rejectReason },
      STATUS_EXPLANATIONS[status] ?? '',
    ),
    updated_at: n.at.toISOString(),
  };
  const raw = JSON.stringify(body);
  const secret = decrypt(target.secretEnc, 'callback_secret');
  await deliverOnce(ctx.idempotencyKey, 'client.callback', target.url, ctx.retryCount, () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    return postJson(target.url, raw, ctx.idempotencyKey, { 'X-Signature': signCallback(secret, timestamp, ctx.idempotencyKey, raw), 'X-Timestamp': timestamp });
  });
}
