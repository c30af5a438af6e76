/**
 * The benchmarks' parent side (scripts/bench-build.ts, scripts/bench-publish.ts): each phase runs
 * as a child process; a sampler reads /proc every 100 ms and sums the resident memory of the
 * child's whole process tree (PostgreSQL apart: its shared buffers would be counted once per
 * backend). A child reports its own exact timings on a line starting with PHASE_MARK.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const PHASE_MARK = 'BENCH_PHASE_RESULT ';

/** Ends the benchmark with one sentence (no stack trace). */
export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

export const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
export const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The JSON a child printed after PHASE_MARK (parsed; the caller states its shape), or null. */
export function phaseReport(output: string): unknown {
  return phaseReports(output)[0] ?? null;
}

/** Every PHASE_MARK report of a child, in order. */
export function phaseReports(output: string): unknown[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith(PHASE_MARK))
    .map((l) => JSON.parse(l.slice(PHASE_MARK.length)) as unknown);
}

interface TreeSample {
  /** Sum of VmRSS of the tree without PostgreSQL, in bytes. */
  app: number;
  /** Largest single PostgreSQL process, in bytes. */
  postgres: number;
  /** Largest single process by name, in bytes. */
  byName: Map<string, number>;
}

function children(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // The process ended between two reads.
  }
  return out;
}

function rssOf(pid: number): { name: string; rss: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const name = /^Name:\s*(.+)$/m.exec(status)?.[1] ?? '?';
    const kb = Number(/^VmRSS:\s*(\d+) kB$/m.exec(status)?.[1] ?? 0);
    return { name, rss: kb * 1024 };
  } catch {
    return null;
  }
}

function sampleTree(root: number): TreeSample {
  const sample: TreeSample = { app: 0, postgres: 0, byName: new Map() };
  const stack = [root];
  const seen = new Set<number>();
  for (let pid = stack.pop(); pid !== undefined; pid = stack.pop()) {
    if (seen.has(pid)) continue;
    seen.add(pid);
    const r = rssOf(pid);
    if (r) {
      if (r.name === 'postgres') sample.postgres = Math.max(sample.postgres, r.rss);
      else sample.app += r.rss;
      sample.byName.set(r.name, Math.max(sample.byName.get(r.name) ?? 0, r.rss));
    }
    stack.push(...children(pid));
  }
  return sample;
}

export interface PhaseResult {
  wallMs: number;
  peakApp: number;
  /** The peak (app) between two PHASE_MARK lines of the child: one per report, in order. */
  segmentPeaks: number[];
  peakPostgres: number;
  peakByName: Map<string, number>;
  output: string;
}

export function runPhase(label: string, args: string[], env: NodeJS.ProcessEnv, root: string): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(path.join(root, 'node_modules/.bin/node'), ['--import', 'tsx', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const segmentPeaks: number[] = [];
    let segmentPeak = 0;
    const onData = (b: Buffer) => {
      output += b.toString('utf8');
      for (const line of b.toString('utf8').split('\n')) {
        if (!line.startsWith(PHASE_MARK)) continue;
        segmentPeaks.push(segmentPeak);
        segmentPeak = 0;
      }
      for (const line of b.toString('utf8').split('\n')) if (line.trim() && !line.startsWith(PHASE_MARK)) process.stderr.write(`  [${label}] ${line}\n`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let peakApp = 0;
    let peakPostgres = 0;
    const peakByName = new Map<string, number>();
    const timer = setInterval(() => {
      if (!child.pid) return;
      const s = sampleTree(child.pid);
      peakApp = Math.max(peakApp, s.app);
      segmentPeak = Math.max(segmentPeak, s.app);
      peakPostgres = Math.max(peakPostgres, s.postgres);
      for (const [k, v] of s.byName) peakByName.set(k, Math.max(peakByName.get(k) ?? 0, v));
    }, 100);
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`${label} 失败（退出码 ${code}）：\n${output.split('\n').slice(-15).join('\n')}`));
      else resolve({ wallMs: performance.now() - t0, peakApp, segmentPeaks, peakPostgres, peakByName, output });
    });
  });
}
