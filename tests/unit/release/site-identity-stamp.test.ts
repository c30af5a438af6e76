import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The site identity (SITE_* in src/config.ts) is in every static footer, so a release built with
// other values must be rebuilt at the next `npm start` (isStale in src/release/releases.ts). The
// configuration is read once per process: each case runs in its own.

const NODE = 'node_modules/.bin/node';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stamp-'));

function inChild(code: string, env: Record<string, string>): { out: string; err: string; status: number | null } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SITE_')));
  const r = spawnSync(NODE, ['--import', 'tsx', '--input-type=module', '-e', code], {
    env: { ...clean, DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
  });
  return { out: r.stdout.trim(), err: r.stderr.trim(), status: r.status };
}

const STAMP = `const r = await import('./src/release/releases.ts'); console.log(r.codeStamp());`;

/** Records a release built under `env` as the current one (what a build leaves behind). */
const RECORD = `
import fs from 'node:fs'; import path from 'node:path';
const r = await import('./src/release/releases.ts');
const dir = path.join(r.releasesDir(), '20260101000000000-abcdef');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'release.json'), JSON.stringify({ id: 'x', codeStamp: r.codeStamp(), builtAt: '', publicUrl: '', pages: 0 }));
fs.rmSync(path.join(r.releasesDir(), 'current'), { force: true });
fs.symlinkSync('20260101000000000-abcdef', path.join(r.releasesDir(), 'current'));
console.log(r.isStale());`;

const STALE = `const r = await import('./src/release/releases.ts'); console.log(r.isStale());`;

const ACCEPTANCE = { SITE_GOV_ID: '4100000001', SITE_ICP: '豫ICP备00000001号', SITE_PSB: '豫公网安备41000002000001号' };

describe('the site identity and the build fingerprint', () => {
  it('a release built with other identity values is stale; with the same ones it is not', () => {
    try {
      expect(inChild(RECORD, ACCEPTANCE).out).toBe('false');
      expect(inChild(STALE, ACCEPTANCE).out).toBe('false');
      expect(inChild(STALE, { ...ACCEPTANCE, SITE_GOV_ID: '4100000002' }).out).toBe('true');
      expect(inChild(STALE, { ...ACCEPTANCE, SITE_SPONSOR: '青禾县卫生健康委员会' }).out).toBe('true');
      expect(inChild(STALE, {}).out).toBe('true');
    } finally {
      const releases = inChild(`const r = await import('./src/release/releases.ts'); console.log(r.releasesDir());`, {}).out;
      fs.rmSync(releases, { recursive: true, force: true });
    }
  });

  it('blank values mean "not configured", the same as unset', () => {
    expect(inChild(STAMP, { SITE_GOV_ID: '  ', SITE_ICP: '' }).out).toBe(inChild(STAMP, {}).out);
  });

  it('refuses malformed values with a sentence naming the variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{ SITE_GOV_ID: '41000' }, 'SITE_GOV_ID: 政府网站标识码应为10位数字或字母'],
      [{ SITE_ICP: '豫备00000001' }, 'SITE_ICP: ICP备案号格式应如'],
      [{ SITE_PSB: '41000002000001' }, 'SITE_PSB: 公安机关备案号格式应如'],
      [{ SITE_CONTACT_EMAIL: 'not-an-address' }, 'SITE_CONTACT_EMAIL: 电子邮箱格式不正确'],
      [{ SITE_CONTACT_PHONE: '电话 123' }, 'SITE_CONTACT_PHONE: 联系电话只能包含'],
      [{ SITE_COMMISSION_ABBR: 'QH' }, 'SITE_COMMISSION_ABBR: 机关简称应为2至10个汉字'],
    ];
    for (const [env, message] of cases) {
      const r = inChild(
        `const { config } = await import('./src/config.ts'); try { void config.PORT; console.log('ok'); } catch (e) { console.log(e.message); }`,
        env,
      );
      expect(r.out).toContain(message);
    }
  });
});
