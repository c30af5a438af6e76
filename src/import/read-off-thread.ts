/**
 * Reading an uploaded sheet in a worker thread (issue 17, item 10): parsing CSV/XLSX and checking
 * every row is seconds of CPU for a big file, and on the server's own thread it stalled every
 * public page for that long. The worker gets a copy of the bytes and returns the parsed rows; the
 * database half of the import stays on the main thread (one pool, one transaction, the audit).
 *
 * How the worker loads its code: the server runs from the Astro build (dist/server, bundled by
 * Vite), where a worker file next to the bundle does not exist, and tsx is switched off once the
 * server listens (scripts/start.mjs). So the worker is started on the TypeScript source in
 * ROOT/src/import/read-worker.ts with tsx registered in the worker only (`--import tsx`): the same
 * in `npm start`, in the built server and in the tests. A fresh worker per upload also returns
 * all its memory when it ends, and a heap limit makes a file that still explodes inside exceljs
 * end the worker, not the server.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { config } from '../config';
import type { InvalidLine, ReadOutcome } from './read';
import type { ReadJob, ReadMessage } from './read-worker';
import { ImportFileError, type SheetSource } from './sheet';
import type { ImportKindName, ParsedLine } from './types';

/** The worker's heap: a legal 100,000-row XLSX needs about 800 MB inside exceljs. */
const WORKER_HEAP_MB = 1536;

export function readOffThread(
  kind: ImportKindName,
  source: Extract<SheetSource, { bytes: Uint8Array }>,
  options: { sheet?: string | undefined } = {},
): Promise<ReadOutcome> {
  const job: ReadJob = { kind, bytes: source.bytes, fileName: source.fileName, sheet: options.sheet };
  const file = pathToFileURL(path.join(config.rootDir, 'src/import/read-worker.ts'));
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, {
      workerData: job,
      execArgv: ['--import', 'tsx'],
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const valid: ParsedLine<unknown>[] = [];
    const invalid: InvalidLine[] = [];
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: ReadMessage) => {
      if (m.type === 'valid' || m.type === 'invalid') {
        for (const row of m.rows) (m.type === 'valid' ? valid : invalid).push(row as ParsedLine<unknown> & InvalidLine);
        // Ask for the next chunk after whatever else is waiting (requests) has run.
        setImmediate(() => {
          if (!settled) worker.postMessage('next');
        });
      } else if (m.type === 'done')
        settle(() => {
          resolve({ ...(m.outcome as Omit<ReadOutcome, 'valid' | 'invalid'>), valid, invalid });
        });
      else if (m.type === 'file-error')
        settle(() => {
          reject(new ImportFileError(m.message));
        });
      else
        settle(() => {
          reject(new Error(`读取文件时出错：${m.message}`));
        });
    });
    worker.on('error', (e: Error & { code?: string }) => {
      settle(() => {
        reject(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ImportFileError('这个文件读取时需要的内存超过了上限，无法导入。请分成几个较小的文件，或另存为 CSV 后再导入')
            : e,
        );
      });
    });
    worker.on('exit', (code) => {
      settle(() => {
        reject(new Error(`读取文件的工作线程意外退出（代码 ${code}）`));
      });
    });
  });
}
