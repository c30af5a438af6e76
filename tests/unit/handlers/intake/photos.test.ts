import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { processPhoto, sniffImage } from '../../../../src/handlers/intake/photos';

/** A JPEG with EXIF: camera, GPS position, a comment, like a phone photo. */
async function photoWithExif(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'SecretPhoneMaker', Model: 'SecretModel-X', Copyright: 'ZhangSan-13812345678', ImageDescription: 'home-address-here' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 45/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '113/1 39/1 0/1' },
    })
    .toBuffer();
}

describe('evidence photos', () => {
  it('come back re-encoded with every bit of metadata gone', async () => {
    const input = await photoWithExif();
    const before = await sharp(input).metadata();
    expect(before.exif).toBeDefined();
    expect(input.includes('SecretPhoneMaker')).toBe(true);

    const r = await processPhoto(input);
    if (!r.ok) throw new Error(r.message);
    const after = await sharp(r.photo.content).metadata();
    expect(after.format).toBe('jpeg');
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.icc).toBeUndefined();
    for (const secret of ['SecretPhoneMaker', 'SecretModel-X', '13812345678', 'home-address-here', 'GPS']) {
      expect(r.photo.content.includes(secret)).toBe(false);
    }
    expect(r.photo).toMatchObject({ mime: 'image/jpeg', width: 640, height: 480 });
  });

  it('apply the EXIF orientation before dropping it', async () => {
    const rotated = await sharp({ create: { width: 300, height: 100, channels: 3, background: '#00f' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const r = await processPhoto(rotated);
    expect(r.ok && [r.photo.width, r.photo.height]).toEqual([100, 300]);
  });

  it('are shrunk to 2048 pixels on the long side', async () => {
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const r = await processPhoto(big);
    expect(r.ok && [r.photo.width, r.photo.height]).toEqual([2048, 1536]);
  });

  it('are recognised by their content, not their name', async () => {
    const png = await sharp({ create: { width: 2, height: 2, channels: 4, background: '#0f08' } })
      .png()
      .toBuffer();
    const webp = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#0f0' } })
      .webp()
      .toBuffer();
    expect(sniffImage(png)).toBe('png');
    expect(sniffImage(webp)).toBe('webp');
    expect(sniffImage(Buffer.from('GIF89a...'))).toBeNull();
    expect((await processPhoto(webp)).ok).toBe(true);
  });

  it('refuse what is not a photo, with a reason in Chinese', async () => {
    const cases: [Uint8Array, RegExp][] = [
      [Buffer.from('<html><script>alert(1)</script></html>'), /只能上传 JPEG、PNG 或 WebP/],
      [Buffer.from('%PDF-1.7'), /只能上传/],
      [Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 7)]), /已损坏或无法识别/],
      [Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(40)]), /HEIC/],
      [new Uint8Array(0), /文件为空/],
      [Buffer.alloc(5 * 1024 * 1024 + 1, 0xff), /不能超过 5 MB/],
    ];
    for (const [bytes, message] of cases) {
      const r = await processPhoto(bytes, '第 1 张照片');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(message);
    }
  });
});
