import sharp from 'sharp';
import { MAX_PHOTO_BYTES } from '../../schemas/complaint';

/**
 * Evidence photos: the type is read from the content (magic bytes, then the decoder), never from
 * the file name or the browser's Content-Type; every photo is decoded and re-encoded as JPEG by
 * libvips (sharp), which drops all metadata — EXIF with GPS position and camera serial, XMP,
 * IPTC, comments — and anything appended after the image data. Orientation is applied to the
 * pixels first so the photo still shows the right way up.
 */

sharp.cache(false);

export interface ProcessedPhoto {
  content: Buffer;
  mime: 'image/jpeg';
  width: number;
  height: number;
}

export type PhotoResult = { ok: true; photo: ProcessedPhoto } | { ok: false; message: string };

/** Longest side kept: enough to read a price list or a licence, small enough to store. */
const MAX_SIDE = 2048;
/** Decompression-bomb guard: a 5 MB file may not unpack to more than this many pixels. */
const MAX_INPUT_PIXELS = 50_000_000;

type Kind = 'jpeg' | 'png' | 'webp' | 'heic' | null;

/** The image type from the first bytes of the file. */
export function sniffImage(b: Uint8Array): Kind {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return 'png';
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (b.length >= 12 && ascii(4, 8) === 'ftyp' && /^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(ascii(8, 12))) return 'heic';
  return null;
}

export async function processPhoto(input: Uint8Array, label = '照片'): Promise<PhotoResult> {
  if (input.length === 0) return { ok: false, message: `${label}：文件为空` };
  if (input.length > MAX_PHOTO_BYTES) return { ok: false, message: `${label}：每张照片不能超过 5 MB` };
  const kind = sniffImage(input);
  if (kind === 'heic') return { ok: false, message: `${label}：暂不支持 HEIC 格式，请在相机设置中选择“兼容性最佳”，或截图后上传` };
  if (!kind) return { ok: false, message: `${label}：只能上传 JPEG、PNG 或 WebP 格式的图片` };
  try {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', animated: false })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, photo: { content: data, mime: 'image/jpeg', width: info.width, height: info.height } };
  } catch {
    return { ok: false, message: `${label}：图片已损坏或无法识别，请换一张照片` };
  }
}
