import QRCode from 'qrcode';

/**
 * QR codes for the 公示栏 and the disclosure page, drawn as one SVG path (no image file, no
 * script, a few hundred bytes gzipped). Error correction Q (25 %): a printed poster on a clinic
 * wall gets scratched, faded and photographed at an angle.
 */

export const QR_ERROR_CORRECTION = 'Q' as const;
/** Quiet zone in modules (ISO/IEC 18004 asks for 4). */
export const QR_QUIET_ZONE = 4;

export interface QrDrawing {
  /** Width and height of the drawing in modules, quiet zone included (the SVG viewBox). */
  size: number;
  /** SVG path data of the dark modules (one closed rectangle per horizontal run). */
  path: string;
  /** QR version (1–40) chosen for the text. */
  version: number;
}

/**
 * Mask used when the drawing must be cheap (the 100,000 pages of a build). Choosing the best of
 * the 8 masks is 90 % of the work of the library; over 2,000 of our URLs, mask 4 was the best one
 * most often (37 %) and never scored worse than 1.27 × the best penalty, so the symbol stays easy
 * to read. Printed posters, drawn one at a time, use the best mask.
 */
export const QR_FAST_MASK = 4;

export function qrDrawing(text: string, opts: { fast?: boolean } = {}): QrDrawing {
  // One byte-mode segment: a URL with lower-case letters cannot use the denser modes anyway, and
  // this skips the library's segment optimisation.
  const qr = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], {
    errorCorrectionLevel: QR_ERROR_CORRECTION,
    ...(opts.fast ? { maskPattern: QR_FAST_MASK } : {}),
  });
  const n = qr.modules.size;
  const data = qr.modules.data;
  const parts: string[] = [];
  for (let y = 0; y < n; y += 1) {
    let x = 0;
    while (x < n) {
      if (!data[y * n + x]) {
        x += 1;
        continue;
      }
      const start = x;
      while (x < n && data[y * n + x]) x += 1;
      parts.push(`M${start + QR_QUIET_ZONE} ${y + QR_QUIET_ZONE}h${x - start}v1h-${x - start}z`);
    }
  }
  return { size: n + 2 * QR_QUIET_ZONE, path: parts.join(''), version: qr.version };
}

/** A standalone SVG document (for downloads and tests). */
export function qrSvg(text: string, opts: { fast?: boolean } = {}): string {
  const d = qrDrawing(text, opts);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${d.size} ${d.size}" shape-rendering="crispEdges">` +
    `<rect width="${d.size}" height="${d.size}" fill="#fff"/><path fill="#000" d="${d.path}"/></svg>`
  );
}
