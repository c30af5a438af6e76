import { config } from '../../config';
import { exportForPush, markPushed } from '../../db/credit-exports';
import { CONTENT_TYPES } from '../../domain/credit-exports';
import { postBody } from './deliver';

// The 双公示 push, run by the job queue for outbox rows of topic 'export.push' (src/server/jobs/index.ts).

/**
 * Delivers one export to EXPORT_PUSH_URL: the file as the body, its ledger data in headers, and
 * an Idempotency-Key that is the same for every attempt of this export, so a receiver that got
 * the file before a worker died does not take it twice. Off (nothing sent, state unchanged) when
 * EXPORT_PUSH_URL is unset. Throws on a failed delivery so the queue retries it.
 */
export async function deliverExportPush(payload: unknown): Promise<'sent' | 'off' | 'gone'> {
  const url = config.EXPORT_PUSH_URL;
  if (!url) return 'off';
  const id = typeof payload === 'object' && payload !== null ? (payload as { exportId?: unknown }).exportId : undefined;
  if (typeof id !== 'number' || !Number.isInteger(id)) throw new Error('export.push payload without exportId');
  const e = await exportForPush(id);
  if (!e) return 'gone';
  try {
    await postBody(
      url,
      new Uint8Array(e.content),
      `export-${e.id}-${e.sha256.slice(0, 16)}`,
      {
        'Content-Type': CONTENT_TYPES[e.format],
        'X-Export-Kind': e.kind,
        'X-Export-Id': String(e.id),
        'X-Content-SHA256': e.sha256,
        'Content-Disposition': `attachment; filename="${e.fileName}"`,
      },
      30_000,
    );
  } catch (err) {
    // Down, refused or unanswered alike: the ledger says so, and the queue retries.
    await markPushed(e.id, false);
    throw err;
  }
  await markPushed(e.id, true);
  return 'sent';
}
