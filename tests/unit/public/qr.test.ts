import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { qrDrawing, qrSvg } from '../../../src/lib/qr';

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

  it.skipIf(!hasZbar)('decodes (zbarimg) to exactly the text', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qr-')), 'qr.png');
    await sharp(Buffer.from(qrSvg(url)), { density: 300 }).png().toFile(file);
    const decoded = execFileSync('zbarimg', ['--quiet', '--raw', '-Sbinary', file], { encoding: 'utf8' });
    expect(decoded.trim()).toBe(url);
  });
});
