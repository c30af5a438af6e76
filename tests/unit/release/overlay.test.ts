// Overlay releases (issue 16 item 1): an incremental release serves its own files, then its
// base's; pruning never removes a base that a kept release overlays; pages go to the files Astro
// writes them to.
import fs from 'node:fs';
import path from 'node:path';
process.env['DATA_DIR'] = path.resolve('.data/test-overlay'); // its own releases folder, before the config is read
import { beforeEach, describe, expect, it } from 'vitest';
import { BASE_LINK, clientDirs, newReleaseId, prune, releaseDir, releaseFile, releasesDir, settleDeletions, switchTo } from '../../../src/release/releases';
import { outFile } from '../../../src/release/page-renderer';

function release(files: Record<string, string>, base?: string): string {
  const id = newReleaseId();
  const dir = releaseDir(id);
  for (const [rel, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, 'client', rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'client', rel), body);
  }
  if (base) fs.symlinkSync(path.join('..', base), path.join(dir, BASE_LINK));
  fs.writeFileSync(path.join(dir, 'release.json'), JSON.stringify({ id, base, mode: base ? 'incremental' : 'full' }));
  return id;
}

beforeEach(() => {
  fs.rmSync(releasesDir(), { recursive: true, force: true });
  fs.mkdirSync(releasesDir(), { recursive: true });
});

describe('overlay releases', () => {
  it('reads a file from the delta first, then from the base', () => {
    const a = release({ 'index.html': 'A home', 'i/X/index.html': 'A x', '404.html': 'A 404' });
    const b = release({ 'i/X/index.html': 'B x' }, a);
    expect(clientDirs(releaseDir(a))).toEqual([path.join(releaseDir(a), 'client')]);
    expect(clientDirs(releaseDir(b))).toEqual([path.join(releaseDir(b), 'client'), path.join(releaseDir(b), 'base', 'client')]);
    expect(fs.readFileSync(releaseFile(releaseDir(b), 'i/X/index.html'), 'utf8')).toBe('B x');
    expect(fs.readFileSync(releaseFile(releaseDir(b), '404.html'), 'utf8')).toBe('A 404');
    expect(fs.existsSync(releaseFile(releaseDir(b), 'nothing.html'))).toBe(false);
  });

  it('pruning keeps the base of a kept incremental release, and removes it once nothing overlays it', () => {
    const a = release({ 'index.html': 'A' });
    const b = release({ 'index.html': 'B' }, a);
    const c = release({ 'index.html': 'C' }, a);
    const d = release({ 'index.html': 'D' }, a);
    switchTo(d);
    prune(2);
    expect(fs.existsSync(releaseDir(a))).toBe(true); // the base of c and d
    expect(fs.existsSync(releaseDir(b))).toBe(false);
    expect(fs.existsSync(releaseDir(c))).toBe(true);
    const e = release({ 'index.html': 'E' });
    const f = release({ 'index.html': 'F' });
    switchTo(f);
    prune(2);
    expect(fs.existsSync(releaseDir(a))).toBe(false);
    expect(fs.existsSync(releaseDir(e))).toBe(true);
  });

  it('deletes pruned folders in the background: renamed away at once, gone once settled', async () => {
    const ids = [release({ 'index.html': '1' }), release({ 'index.html': '2' }), release({ 'index.html': '3' })];
    switchTo(ids[2]!);
    prune(1);
    expect(fs.existsSync(releaseDir(ids[0]!))).toBe(false);
    await settleDeletions();
    expect(fs.readdirSync(releasesDir()).filter((n) => n.startsWith('.trash-'))).toEqual([]);
    // A folder left half-deleted by a stopped process is removed by the next prune.
    fs.mkdirSync(path.join(releasesDir(), '.trash-left-over', 'client'), { recursive: true });
    prune(1);
    await settleDeletions();
    expect(fs.existsSync(path.join(releasesDir(), '.trash-left-over'))).toBe(false);
  });
});

describe('page files', () => {
  it('names the file of a path the way the build does (format "directory")', () => {
    expect(outFile('/', 'page')).toBe('index.html');
    expect(outFile('/i/ABCD2345', 'page')).toBe('i/ABCD2345/index.html');
    expect(outFile('/i/ABCD2345/', 'page')).toBe('i/ABCD2345/index.html');
    expect(outFile('/404', 'page')).toBe('404.html');
    expect(outFile('/data/institutions.csv', 'endpoint')).toBe('data/institutions.csv');
  });
});
