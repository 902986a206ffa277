import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One page as poppler draws it: 8-bit grey, 0 = black. At 72 dpi one pixel is one PDF point. */
export interface GreyPage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

function pdfFile(pdf: Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'caseforms-raster-')), 'document.pdf');
  writeFileSync(path, pdf);
  return path;
}

/** `pdftoppm -gray` of one page (1-based) to a binary PGM on stdout, parsed. */
export function rasterise(pdf: Buffer, page = 1, dpi = 72): GreyPage {
  const pgm = execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-f', String(page), '-l', String(page), pdfFile(pdf)], {
    maxBuffer: 256 * 1024 * 1024,
  });
  // "P5 <width> <height> <maxval>" separated by single whitespace characters, then the pixels, one byte each.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not return a binary PGM');
  const [whole, width, height, maxval] = header;
  if (Number(maxval) !== 255) throw new Error(`unexpected PGM maxval ${maxval}`);
  const pixels = new Uint8Array(pgm.buffer, pgm.byteOffset + whole.length, Number(width) * Number(height));
  return { width: Number(width), height: Number(height), pixels };
}

/** PNG of the first page, for looking at it; `heightPt` crops it to its top that many points high. */
export function pagePng(pdf: Buffer, options: { dpi?: number; heightPt?: number } = {}): Buffer {
  const dpi = options.dpi ?? 110;
  const crop = options.heightPt === undefined ? [] : ['-x', '0', '-y', '0', '-W', '100000', '-H', String(Math.ceil(options.heightPt * dpi / 72))];
  return execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-f', '1', '-l', '1', '-singlefile', ...crop, pdfFile(pdf)], {
    maxBuffer: 256 * 1024 * 1024,
  });
}

export interface Ink {
  /** Pixels darker than the threshold. */
  readonly dark: number;
  /** Leftmost and rightmost columns with a dark pixel (undefined when there is no ink). */
  readonly left?: number;
  readonly right?: number;
}

/** Dark pixels in rows [top, bottom) and columns [left, right). */
export function inkIn(page: GreyPage, box: { top: number; bottom: number; left?: number; right?: number }, threshold = 160): Ink {
  const x0 = Math.max(0, box.left ?? 0);
  const x1 = Math.min(page.width, box.right ?? page.width);
  let dark = 0;
  let left: number | undefined;
  let right: number | undefined;
  for (let y = Math.max(0, box.top); y < Math.min(page.height, box.bottom); y++) {
    for (let x = x0; x < x1; x++) {
      if (page.pixels[y * page.width + x]! < threshold) {
        dark++;
        if (left === undefined || x < left) left = x;
        if (right === undefined || x > right) right = x;
      }
    }
  }
  return left === undefined ? { dark } : { dark, left, right: right! };
}

/** The first run of rows that are mostly dark (a solid rule drawn across the content box): its top, height and x extent. */
export function findRule(page: GreyPage, threshold = 160): { top: number; height: number; left: number; right: number } {
  const darkInRow = (y: number): Ink => inkIn(page, { top: y, bottom: y + 1 }, threshold);
  for (let y = 0; y < page.height; y++) {
    const row = darkInRow(y);
    if (row.dark < page.width / 2) continue;
    let height = 1;
    while (y + height < page.height && darkInRow(y + height).dark >= page.width / 2) height++;
    return { top: y, height, left: row.left!, right: row.right! };
  }
  throw new Error('no rule found on the page');
}
