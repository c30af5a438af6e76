// npm test — every test, in order of cost: Astro check, types, lint, format, unit + integration (vitest, real
// PostgreSQL, coverage of src/domain), browser end-to-end (Playwright, real server).
import { spawnSync } from 'node:child_process';

const steps: { name: string; cmd: string; args: string[] }[] = [
  // astro check first: it also generates .astro/types.d.ts (astro:middleware etc.), which tsc
  // needs on a fresh clone.
  { name: 'astro check', cmd: 'astro', args: ['check', '--minimumSeverity', 'warning'] },
  { name: 'tsc --noEmit', cmd: 'tsc', args: ['--noEmit', '-p', '.'] },
  // The layers and their arrows (docs/architecture.md) and the type-checked rules, at zero warnings.
  { name: 'eslint', cmd: 'eslint', args: ['.', '--max-warnings', '0'] },
  // Formatting of TS/TSX/JS/CSS/JSON (.astro files are left out: see .prettierignore).
  { name: 'prettier --check', cmd: 'prettier', args: ['--check', '.'] },
  { name: 'vitest (unit + integration, coverage)', cmd: 'vitest', args: ['run', '--coverage'] },
  { name: 'playwright (end-to-end)', cmd: 'playwright', args: ['test'] },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const step of steps) {
  if (only.length && !only.some((o) => step.name.startsWith(o))) continue;
  console.log(`\n=== ${step.name}`);
  const t = Date.now();
  const r = spawnSync(step.cmd, step.args, { stdio: 'inherit', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  const ok = r.status === 0;
  console.log(`=== ${step.name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - t) / 1000).toFixed(0)} s)`);
  if (ok) passed++;
  else failed++;
}
console.log(`\nsteps: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
