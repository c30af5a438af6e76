/**
 * Worker-thread entry of read-off-thread.ts: reads and checks an uploaded sheet and posts the
 * outcome back in chunks (a few thousand rows per message, so the main thread never spends long
 * deserialising one, and the next only when asked for). Runs TypeScript through tsx, see read-off-thread.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readImportRows } from './read';
import { ImportFileError } from './sheet';
import type { ImportKindName } from './types';

export interface ReadJob {
  kind: ImportKindName;
  bytes: Uint8Array;
  fileName: string;
  sheet: string | undefined;
}

export type ReadMessage =
  | { type: 'valid'; rows: unknown[] }
  | { type: 'invalid'; rows: unknown[] }
  | { type: 'done'; outcome: Record<string, unknown> }
  | { type: 'file-error'; message: string }
  | { type: 'crash'; message: string };

export const CHUNK_ROWS = 2000;

const port = parentPort;
if (port) {
  const job = workerData as ReadJob;
  try {
    const { valid, invalid, ...rest } = await readImportRows(job.kind, { bytes: job.bytes, fileName: job.fileName }, { sheet: job.sheet });
    // One chunk at a time, each after the main thread asked for it: a port delivers every queued
    // message in one go, which would block the server as long as sending everything at once.
    const next = () =>
      new Promise<void>((resolve) =>
        port.once('message', () => {
          resolve();
        }),
      );
    for (let i = 0; i < valid.length; i += CHUNK_ROWS) {
      port.postMessage({ type: 'valid', rows: valid.slice(i, i + CHUNK_ROWS) } satisfies ReadMessage);
      await next();
    }
    for (let i = 0; i < invalid.length; i += CHUNK_ROWS) {
      port.postMessage({ type: 'invalid', rows: invalid.slice(i, i + CHUNK_ROWS) } satisfies ReadMessage);
      await next();
    }
    port.postMessage({ type: 'done', outcome: rest } satisfies ReadMessage);
  } catch (e) {
    port.postMessage(
      e instanceof ImportFileError
        ? ({ type: 'file-error', message: e.message } satisfies ReadMessage)
        : ({ type: 'crash', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies ReadMessage),
    );
  }
}
