import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { config } from '../config';
import { changesSince } from '../db/publish-changes';
import { projectNode } from './releases';
import type { RenderJob, RenderResult, WorkerReply, WorkerRequest } from './render-worker';

/**
 * The render worker of incremental publishes, kept between publishes (docs/scale.md, "The warm
 * renderer"). The first publish on a base release loads the base's prerender bundle and reads the
 * whole snapshot (≈ 20 s at 100,000 institutions); later ones only re-read the institutions changed
 * since the worker's data was read. Its data is "as of" `seq`, the change-feed position read
 * before it was read; everything changed since that position is refreshed, whichever server or
 * command published meanwhile. A global table changed since then, a different base or a failure
 * ends the worker: the next one starts cold.
 *
 * The worker never keeps this process alive (a publish command exits as before; a server keeps
 * it as long as it runs) and ends with it.
 */

interface Warm {
  child: ChildProcess;
  baseDir: string;
  /** The change-feed position the worker's data is as of (null: not read yet). */
  seq: string | null;
  /** One request at a time. */
  queue: Promise<unknown>;
}

let warm: Warm | null = null;

function stop(): void {
  if (!warm) return;
  warm.child.kill('SIGKILL');
  warm = null;
}

function start(baseDir: string): Warm {
  stop();
  const child = fork(path.join(config.rootDir, 'src/release/render-worker.ts'), [], {
    cwd: config.rootDir,
    execPath: projectNode(),
    // A larger young generation: each publish allocates and drops a few hundred MB of page text.
    execArgv: ['--max-semi-space-size=64', '--import', 'tsx'],
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', PUBLIC_URL: config.publicUrl },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.unref();
  child.channel?.unref();
  const w: Warm = { child, baseDir, seq: null, queue: Promise.resolve() };
  child.on('exit', () => {
    if (warm === w) warm = null;
  });
  warm = w;
  return w;
}

/** Send one request and wait for its answer (the channel keeps this process alive meanwhile). */
function ask(w: Warm, request: WorkerRequest, log: (m: string) => void): Promise<RenderResult | null> {
  const run = () =>
    new Promise<RenderResult | null>((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        if (reply.kind === 'log') {
          log(reply.message);
          return;
        }
        done();
        if (reply.kind === 'done') resolve(reply.result);
        else reject(new Error(reply.message));
      };
      const onExit = (code: number | null) => {
        done();
        reject(new Error(`渲染进程意外退出（${code ?? '信号'}）`));
      };
      const done = () => {
        w.child.off('message', onMessage);
        w.child.off('exit', onExit);
        w.child.channel?.unref();
      };
      w.child.channel?.ref();
      w.child.on('message', onMessage);
      w.child.on('exit', onExit);
      w.child.send(request);
    });
  const p = w.queue.then(run, run);
  w.queue = p.catch(() => {});
  return p;
}

/**
 * Render a job with the warm worker of `job.baseDir` (started when there is none). `seq` is the
 * change-feed position read before the job's changes: the worker's data is as of it afterwards.
 */
export async function renderWithWarmWorker(job: Omit<RenderJob, 'refresh'>, seq: string, log: (m: string) => void): Promise<RenderResult> {
  let w = warm && warm.baseDir === job.baseDir ? warm : null;
  let refresh: string[] | null = null;
  if (w) {
    // Wait for a prewarm under way: its position is known only when it has read its data.
    await w.queue;
    if (w.seq === null) w = null;
    else {
      const since = await changesSince(w.seq);
      if (since.global.length > 0) w = null;
      else refresh = since.codes;
    }
  }
  w ??= start(job.baseDir);
  try {
    const result = await ask(w, { kind: 'job', job: { ...job, refresh } }, log);
    if (!result) throw new Error('渲染进程没有返回结果');
    w.seq = seq;
    return result;
  } catch (e) {
    if (warm === w) stop();
    throw e;
  }
}

/**
 * Load the renderer of a full release and its data now, in the background, so that the next
 * incremental publish starts warm (called by the server after it switched to a full release).
 */
export function prewarmRenderer(baseDir: string, seq: string, log: (m: string) => void = () => {}): Promise<void> {
  if (warm?.baseDir === baseDir) return Promise.resolve();
  const w = start(baseDir);
  return ask(w, { kind: 'load', baseDir }, log).then(
    () => {
      w.seq = seq;
    },
    (e: unknown) => {
      if (warm === w) stop();
      log(`预先载入渲染程序失败：${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    },
  );
}

/** End the warm worker (tests; a server that stops ends it anyway). */
export function stopWarmRenderer(): void {
  stop();
}
