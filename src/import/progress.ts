/**
 * Progress of a long import: a bar on a terminal (cli-progress), plain lines otherwise (CI logs,
 * redirected output), nothing in the supervisor area. Always on stderr, so stdout carries only
 * the summary.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** A new phase; `total` null when unknown. */
  phase(label: string, total: number | null): void;
  tick(done: number): void;
  done(): void;
}

export const silentProgress: Progress = { phase() {}, tick() {}, done() {} };

/**
 * Plain lines: a phase without a total is announced once; one with a total prints a line at
 * every 10 % (at most one every 2 seconds) and a last line when it ends.
 */
export function lineProgress(write: (line: string) => void): Progress {
  let label = '';
  let total: number | null = null;
  let current = 0;
  let printedBucket = -1;
  let printedAt = 0;
  let printedValue = -1;
  const line = () => {
    printedValue = current;
    printedAt = Date.now();
    const percent = total ? Math.min(100, Math.floor((current / total) * 100)) : 0;
    write(`${label}：${current}/${total} 行（${percent}%）`);
  };
  return {
    phase(l, t) {
      label = l;
      total = t;
      current = 0;
      printedBucket = 0;
      printedValue = -1;
      printedAt = Date.now();
      if (!t) write(`${l}……`);
    },
    tick(n) {
      current = n;
      if (!total) return;
      const bucket = Math.floor((Math.min(n, total) / total) * 10);
      if (bucket > printedBucket && Date.now() - printedAt >= 2000) {
        printedBucket = bucket;
        line();
      }
    },
    done() {
      // The total may be an estimate (CSV line breaks): end on what was really read.
      if (total && current < total) total = Math.max(current, 1);
      if (total && label && printedValue !== current) line();
      label = '';
      total = null;
    },
  };
}

/** A bar on a terminal; the total may be an estimate (CSV line breaks), so it is capped. */
export function barProgress(stream: NodeJS.WriteStream): Progress {
  let bar: cliProgress.SingleBar | null = null;
  let total = 0;
  let current = 0;
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  return {
    phase(label, t) {
      stop();
      total = t ?? 0;
      current = 0;
      // A phase of unknown length (the database step) gets a line, not a bar stuck at 0.
      if (!t) {
        stream.write(`${label}……\n`);
        return;
      }
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${label} [{bar}] {percentage}% | {value}/{total} 行 | 剩余 {eta_formatted}`,
          barCompleteChar: '█',
          barIncompleteChar: '░',
          hideCursor: true,
          clearOnComplete: false,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    tick(n) {
      if (!bar) return;
      current = n;
      if (total && n > total) {
        total = n;
        bar.setTotal(n);
      }
      bar.update(n);
    },
    done() {
      // The total was an estimate: end at what was really done, shown as 100 %.
      if (bar) {
        bar.setTotal(Math.max(current, 1));
        bar.update(current);
      }
      stop();
    },
  };
}

/** The right kind for this process: a bar on an interactive terminal unless CI is set. */
export function terminalProgress(ci: boolean): Progress {
  const stream = process.stderr;
  if (stream.isTTY && !ci) return barProgress(stream);
  return lineProgress((line) => stream.write(`${line}\n`));
}
