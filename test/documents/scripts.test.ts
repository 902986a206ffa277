import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfRenderer } from '../../functions/adapters/chromium/pdf-renderer.ts';
import { SHIPPED_FONTS, shippedFontFiles } from '../../functions/contracts/fonts.ts';
import { writeFontConfig } from '../../local/fonts.ts';
import { projectRoot } from '../../local/stack.ts';
import { pdffonts, pdfinfo, pdftotext } from '../support/pdf-tools.ts';
import { findRule, inkIn, pagePng, rasterise, type GreyPage } from './pdf-raster.ts';

/**
 * Every script a client may write renders with the fonts the project ships, and with nothing else: one page, one
 * line per script, styled by the real templates/default/partials/styles.hbs. Three views of the same PDF, because
 * each alone can be fooled: pdftotext returns text whose glyphs came out blank, pdffonts lists a font that drew
 * tofu, and ink alone says nothing about which font drew it.
 */

interface Sample {
  readonly script: string;
  readonly text: string;
  /** Attributes on the line's element. */
  readonly attributes: string;
  /** PostScript name of the regular face that must draw the line (pdffonts, without the subset prefix). */
  readonly font: string;
  readonly family: string;
  readonly rtl?: boolean;
}

const samples: readonly Sample[] = [
  { script: 'Latin with diacritics', text: 'Zoë Núñez-Øberg Ærøskøbing', attributes: 'lang="da"', font: 'NotoSans-Regular', family: 'Noto Sans' },
  { script: 'Greek', text: 'Ελληνικά γράμματα', attributes: 'lang="el"', font: 'NotoSans-Regular', family: 'Noto Sans' },
  { script: 'Cyrillic', text: 'Кириллица текст', attributes: 'lang="ru"', font: 'NotoSans-Regular', family: 'Noto Sans' },
  { script: 'Arabic', text: 'مرحبا بالعالم', attributes: 'lang="ar" dir="rtl"', font: 'NotoSansArabic-Regular', family: 'Noto Sans Arabic', rtl: true },
  { script: 'Hebrew', text: 'שלום עולם', attributes: 'lang="he" dir="rtl"', font: 'NotoSansHebrew-Regular', family: 'Noto Sans Hebrew', rtl: true },
  { script: 'Chinese (Simplified)', text: '你好世界', attributes: 'lang="zh-Hans"', font: 'NotoSansSC-Regular', family: 'Noto Sans SC' },
  // Without lang="ja" these would come from Noto Sans SC, which has the kana too: the :lang(ja) rule puts JP first.
  { script: 'Japanese', text: 'こんにちは世界', attributes: 'lang="ja"', font: 'NotoSansJP-Regular', family: 'Noto Sans JP' },
  { script: 'Korean', text: '안녕하세요 세계', attributes: 'lang="ko"', font: 'NotoSansKR-Regular', family: 'Noto Sans KR' },
  // The Google Fonts build of Noto Sans has Devanagari (with its conjunct shaping): Noto Sans draws it.
  { script: 'Devanagari', text: 'नमस्ते दुनिया', attributes: 'lang="hi"', font: 'NotoSans-Regular', family: 'Noto Sans' },
];

/** Drawn white on white: there for pdftotext, blank on the page, the way a glyph from an unusable font comes out. */
const invisible = 'Invisible control line';

/** Layout in points; rasterised at 72 dpi a point is a pixel. Bands are measured from a black rule at the top. */
const RULE = 4;
const BAND = 36;
const bands = {
  sample: (i: number) => i,
  bold: samples.length,
  empty: samples.length + 1,
  invisible: samples.length + 2,
};

function documentHtml(): string {
  const styles = Handlebars.compile(readFileSync(join(projectRoot, 'templates/default/partials/styles.hbs'), 'utf8'))({});
  const line = (attributes: string, content: string, extraClass = '') => `<div class="line${extraClass}" ${attributes}>${content}</div>`;
  const boldLine = `<b>Zoë Ελλ Кир नमस्ते</b> <b lang="ar">مرحبا</b> <b lang="he">שלום</b> <b lang="zh-Hans">你好</b> <b lang="ja">こんにちは</b> <b lang="ko">안녕</b>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Scripts</title>${styles}
<style>
  .rule { height: ${RULE}pt; background: #000; }
  .line { height: ${BAND}pt; line-height: ${BAND}pt; font-size: 20pt; overflow: hidden; white-space: nowrap; }
  .invisible { color: #fff; }
</style></head>
<body>
<div class="rule"></div>
${samples.map((sample) => line(sample.attributes, sample.text)).join('\n')}
${line('', boldLine)}
${line('', '')}
${line('', invisible, ' invisible')}
</body></html>`;
}

/** Bidi controls pdftotext may wrap around a right-to-left run (it wrote U+202B…U+202C here). */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** NFKC also folds Arabic presentation forms (U+FB50–U+FEFF) back to the letters, should a ToUnicode map use them. */
const normalise = (text: string) => text.normalize('NFKC').replace(BIDI_CONTROLS, '');
const reversed = (text: string) => [...text].reverse().join('');

interface EmbeddedFont {
  readonly name: string;
  readonly type: string;
  readonly embedded: boolean;
}

function parsePdffonts(listing: string): EmbeddedFont[] {
  return listing.split('\n').slice(2).filter((row) => row.trim()).map((row) => {
    const match = /^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(row);
    if (!match) throw new Error(`unreadable pdffonts row: ${row}`);
    return { name: match[1]!.replace(/^[A-Z]{6}\+/, ''), type: match[2]!, embedded: match[4] === 'yes' };
  });
}

const hasTool = (tool: string): boolean => {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Code points a font file has, from `fc-query --format '%{charset}'` ("20-7e a0-17f ..."). */
function charset(file: string, fontconfigFile: string): (codePoint: number) => boolean {
  const ranges = execFileSync('fc-query', ['--format', '%{charset}', file], { encoding: 'utf8', env: { ...process.env, FONTCONFIG_FILE: fontconfigFile } })
    .trim().split(/\s+/).map((range) => range.split('-').map((hex) => parseInt(hex, 16)) as [number, number?]);
  return (codePoint) => ranges.some(([from, to]) => codePoint >= from && codePoint <= (to ?? from));
}

let workDir: string;
let fontconfigFile: string;
let renderer: PdfRenderer;
let pdf: Buffer;
let page: GreyPage;
let content: { top: number; left: number; right: number };

const bandBox = (index: number) => {
  const top = content.top + index * BAND;
  // A point in from each edge: anti-aliasing of the neighbouring band's glyphs stays out.
  return { top: top + 1, bottom: top + BAND - 1 };
};

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'caseforms-scripts-'));
  fontconfigFile = writeFontConfig(workDir);
  // The renderer hands process.env to Chromium: only the shipped fonts, as in local runs.
  process.env.FONTCONFIG_FILE = fontconfigFile;
  renderer = new PdfRenderer();
  pdf = await renderer.render(documentHtml(), {
    footer: ['scripts'],
    paperSize: 'A4',
    metadata: { title: 'Scripts', author: 'caseforms tests', language: 'en' },
  });
  page = rasterise(pdf);
  const rule = findRule(page);
  content = { top: rule.top + rule.height, left: rule.left, right: rule.right };
  // SCRIPTS_SAMPLE_PNG=docs/scripts-sample.png npx vitest run test/documents/scripts.test.ts refreshes the picture in docs/documents.md.
  if (process.env.SCRIPTS_SAMPLE_PNG) {
    writeFileSync(join(projectRoot, process.env.SCRIPTS_SAMPLE_PNG), pagePng(pdf, { heightPt: content.top + (bands.bold + 1) * BAND + 12 }));
  }
});

afterAll(async () => {
  await renderer?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('every script renders with the shipped fonts', () => {
  it('renders one page, its rule spanning the content box', () => {
    expect(pdfinfo(pdf)).toMatch(/^Pages:\s+1$/m);
    expect(content.right - content.left).toBeGreaterThan(page.width / 2);
  });

  it.each(samples)('pdftotext returns the $script sample', (sample) => {
    const text = normalise(pdftotext(pdf));
    // Chromium writes right-to-left runs in visual order (glyph by glyph, right to left); poppler's pdftotext turns
    // them back into logical order (and marks the run with U+202B…U+202C, removed above). Another extractor may
    // leave them visual, so the reversed string counts too: either proves the characters are in the PDF.
    const found = text.includes(sample.text) || (sample.rtl === true && text.includes(reversed(sample.text)));
    expect(found, `${sample.script} "${sample.text}" not in:\n${text}`).toBe(true);
  });

  it('embeds exactly the shipped fonts the samples need, regular and bold, as CID TrueType', () => {
    const fonts = parsePdffonts(pdffonts(pdf));
    const regular = [...new Set(samples.map((sample) => sample.font))];
    const bold = regular.map((name) => name.replace(/-Regular$/, '-Bold'));
    // Set equality: a font the page did not need (or one from outside the shipped set) would show up here.
    expect([...new Set(fonts.map((font) => font.name))].sort()).toEqual([...regular, ...bold].sort());
    for (const font of fonts) {
      // CFF/OTF CJK fonts would embed as Type 3; a font not embedded renders with the reader's substitute.
      expect(font, font.name).toMatchObject({ type: 'CID TrueType', embedded: true });
    }
  });

  it.each(samples.map((sample, index) => ({ ...sample, index })))('the $script line has ink, aligned to its side', (sample) => {
    const ink = inkIn(page, { ...bandBox(bands.sample(sample.index)), left: content.left, right: content.right + 1 });
    // 20 pt glyphs at 72 dpi: each sample has a few hundred dark pixels; blank glyphs have none.
    expect(ink.dark, `${sample.script}: dark pixels`).toBeGreaterThan(100);
    // Every sample is shorter than three quarters of the line: its far end shows which side it is aligned to.
    const slack = (content.right - content.left) / 4;
    if (sample.rtl) {
      expect(content.right - ink.right!, `${sample.script} ends at the right edge`).toBeLessThan(4);
      expect(ink.left! - content.left, `${sample.script} leaves the left quarter blank`).toBeGreaterThan(slack);
    } else {
      expect(ink.left! - content.left, `${sample.script} starts at the left edge`).toBeLessThan(4);
      expect(content.right - ink.right!, `${sample.script} leaves the right quarter blank`).toBeGreaterThan(slack);
    }
  });

  it('the bold line has ink', () => {
    expect(inkIn(page, bandBox(bands.bold)).dark).toBeGreaterThan(300);
  });

  it('the ink check can fail: an empty band, and a line pdftotext finds but that is blank on the page', () => {
    expect(inkIn(page, bandBox(bands.empty)).dark).toBe(0);
    expect(normalise(pdftotext(pdf))).toContain(invisible);
    expect(inkIn(page, bandBox(bands.invisible)).dark).toBe(0);
  });
});

describe('the fontconfig file Chromium reads', () => {
  const shipped = () => shippedFontFiles().sort();

  it.skipIf(!hasTool('fc-list'))('lists the shipped TTFs and no other font (skipped when fc-list from fontconfig is not installed)', () => {
    const files = execFileSync('fc-list', ['--format', '%{file}\n'], { encoding: 'utf8', env: { ...process.env, FONTCONFIG_FILE: fontconfigFile } })
      .split('\n').filter(Boolean);
    expect([...new Set(files)].sort()).toEqual(shipped());
    for (const file of files) expect(file).toContain(`${join(projectRoot, 'node_modules')}/`);
  });

  it.skipIf(!hasTool('fc-list'))('names each family as styles.hbs writes it (skipped when fc-list from fontconfig is not installed)', () => {
    const families = execFileSync('fc-list', ['--format', '%{family}\n'], { encoding: 'utf8', env: { ...process.env, FONTCONFIG_FILE: fontconfigFile } });
    const styles = readFileSync(join(projectRoot, 'templates/default/partials/styles.hbs'), 'utf8');
    const bodyFamilies = /body\s*\{[^}]*font-family:\s*([^;]+);/.exec(styles)![1]!.split(',').map((name) => name.trim().replace(/^'|'$/g, ''));
    for (const font of SHIPPED_FONTS) {
      expect(families.split('\n'), font.package).toContain(font.family);
      expect(bodyFamilies, font.family).toContain(font.family);
    }
  });

  it.skipIf(!hasTool('fc-query'))("each sample's font has every one of its characters (skipped when fc-query from fontconfig is not installed)", () => {
    // pdffonts cannot tell a drawn glyph from a tofu box: the font must really have the characters.
    for (const sample of samples) {
      const font = SHIPPED_FONTS.find((shippedFont) => shippedFont.family === sample.family)!;
      const regular = shippedFontFiles().find((file) => file.endsWith(font.files[0]!))!;
      const has = charset(regular, fontconfigFile);
      const missing = [...sample.text].filter((char) => !has(char.codePointAt(0)!));
      expect(missing, `${sample.family} lacks characters of the ${sample.script} sample`).toEqual([]);
    }
  });
});
