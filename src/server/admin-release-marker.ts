import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markInUse } from '../release/releases';

/**
 * The running server loads its on-demand pages lazily from the release folder it started from.
 * On the first on-demand request it marks that folder as in use (`.in-use/<pid>`), so that
 * pruning after later publications never deletes code the server still needs.
 */
let marked = false;

export function markServedRelease(): void {
  if (marked) return;
  marked = true;
  try {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 6; i++) {
      if (fs.existsSync(path.join(dir, 'release.json'))) {
        markInUse(dir);
        return;
      }
      dir = path.dirname(dir);
    }
  } catch {
    // Development server or an unusual layout: nothing to protect.
  }
}
