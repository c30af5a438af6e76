import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { qrDrawing, qrSvg } from '../../../src/domain/qr';

const hasZbar = (() => {
  try {
    execFileSync('zbarimg', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('QR codes', () => {
  const url = 'https://wsjkw.example.gov.cn/i/AB23CD45/?v=12';

  it('uses error correction Q and a 4-module quiet zone', () => {
    const d = qrDrawing(url);
    const q = QRCode.create(url, { errorCorrectionLevel: 'Q' });
    expect(d.version).toBe(q.version);
    expect(d.size).toBe(q.modules.size + 8);
    expect(d.path.startsWith('M4 4h7')).toBe(true); // the top-left finder pattern
  });

  it.skipIf(!hasZbar)('decodes (zbarimg) to exactly the text, with the best mask and with the fast one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qr-'));
    // Codes of the real alphabet, versions 1–3, an https and an http address.
    const texts = Array.from({ length: 24 }, (_, i) => {
      const code = Array.from({ length: 8 }, (_, k) => '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'.charAt((i * 7 + k * 13 + i * k) % 32)).join('');
      return `${i % 2 ? 'https://wsjkw.example.gov.cn' : 'http://127.0.0.1:4321'}/i/${code}/?v=${1 + (i % 3)}`;
    });
    for (const [i, text] of [url, ...texts].entries()) {
      for (const fast of [false, true]) {
        const file = path.join(dir, `qr-${i}-${fast}.png`);
        await sharp(Buffer.from(qrSvg(text, { fast })), { density: 150 })
          .png()
          .toFile(file);
        const decoded = execFileSync('zbarimg', ['--quiet', '--raw', '-Sbinary', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
        expect(decoded.trim(), `${text} fast=${fast}`).toBe(text);
      }
    }
  });
});
