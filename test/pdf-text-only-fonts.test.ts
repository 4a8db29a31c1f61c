/**
 * Embedded composite fonts with a ToUnicode map are not converted for drawing (our pdf.js patch,
 * see extractors/pdf/worker-port.ts). These tests check that the patch is in effect and that it
 * changes nothing a user can see: the same model, cell for cell, from PDFs of several producers.
 * (The bundled samples, written by LibreOffice, use simple fonts the patch leaves alone; they
 * check only that nothing else changed.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { extractPdf } from '../extractors/pdf/index.js';
import { openPdf } from '../extractors/pdf/open.js';
import type { DocumentModel } from '../schemas/document.js';
import { CORPUS, corpusBytes, HAS_CORPUS, sampleBytes } from './helpers.js';
import { writePdf } from './pdf-writer.js';

const require = createRequire(import.meta.url);

interface FontObject {
  /** Set when pdf.js converted the embedded program into a font file (the data itself is dropped after loading). */
  mimetype?: string | null;
  missingFile?: boolean;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/**
 * A one-page PDF whose text is in an embedded composite font (Type0 over CIDFontType2, Identity-H,
 * with a ToUnicode map), as Word and WPS write Chinese. The program is the TrueType font pdf.js
 * ships; which glyphs it draws does not matter, the text comes from the ToUnicode map.
 */
function compositeFontPdf(lines: readonly string[]): Buffer {
  const chars = [...new Set(lines.join(''))];
  const cid = (ch: string) => hex4(chars.indexOf(ch) + 1);
  const content = lines.map((line, i) => `BT /F1 12 Tf 72 ${720 - 20 * i} Td <${[...line].map(cid).join('')}> Tj ET`).join('\n');
  const toUnicode = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <FFFF> endcodespacerange',
    `${chars.length} beginbfchar`,
    ...chars.map((ch) => `<${cid(ch)}> <${hex4(ch.codePointAt(0)!)}>`),
    'endbfchar endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
  const program = readFileSync(join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts', 'LiberationSans-Regular.ttf'));
  const widths = chars.map((ch) => (ch.charCodeAt(0) > 0x2e80 ? 1000 : 556)).join(' ');
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    { dict: '', stream: content },
    '<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 8 0 R >>',
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 /W [1 [${widths}]] /CIDToGIDMap /Identity >>`,
    '<< /Type /FontDescriptor /FontName /ABCDEF+SimSun /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 /FontFile2 9 0 R >>',
    { dict: '', stream: toUnicode },
    { dict: `/Length1 ${program.length}`, stream: program },
  ]);
}

/** The fonts page 1 uses, as pdf.js hands them to the display side. */
async function pageOneFonts(bytes: Uint8Array, textOnlyFonts: boolean): Promise<FontObject[]> {
  const { doc, close } = await openPdf(bytes, { textOnlyFonts });
  try {
    const page = await doc.getPage(1);
    const ops = await page.getOperatorList();
    const names = new Set<string>();
    ops.fnArray.forEach((fn, i) => {
      if (fn === OPS.setFont) names.add((ops.argsArray[i] as [string])[0]);
    });
    return [...names].map((name) => page.commonObjs.get(name) as FontObject);
  } finally {
    await close();
  }
}

const blockTexts = (model: DocumentModel) => model.blocks.map((b) => ('text' in b ? b.text : ''));

describe('text-only fonts (the pdf.js patch)', () => {
  const lines = ['一般公共预算收入决算表', '合计 12.50 万元'];
  const pdf = new Uint8Array(compositeFontPdf(lines));

  it('leaves an embedded composite font with a ToUnicode map unconverted, and converts it when asked', async () => {
    const [converted] = await pageOneFonts(pdf, false);
    const [textOnly] = await pageOneFonts(pdf, true);
    expect(converted?.mimetype).toBe('font/opentype');
    // Without the patch (patch-package not run on install) this font would be converted too.
    expect(textOnly?.mimetype).not.toBe('font/opentype');
    expect(textOnly?.missingFile).toBe(false);
  });

  it('reads the same text from that font either way', async () => {
    const textOnly = await extractPdf(pdf, { textOnlyFonts: true });
    expect(blockTexts(textOnly).join('\n')).toContain('一般公共预算收入决算表');
    expect(blockTexts(textOnly).join('\n')).toMatch(/合计\s*12\.50\s*万元/);
    expect(textOnly).toEqual(await extractPdf(pdf, { textOnlyFonts: false }));
  });

  it.each(['000', '002', '003'])('gives sample %s the same model as converting every font', async (sample) => {
    const bytes = sampleBytes(sample);
    expect(await extractPdf(bytes, { textOnlyFonts: true })).toEqual(await extractPdf(bytes, { textOnlyFonts: false }));
  });

  // WPS Office (jsob01), Word (rw49), a Beijing report form (rw25), Wuhan's (atl14), Shanghai's
  // with a large CFF-flavoured OpenType subset (shpt04).
  const corpusFiles = ['jsob01.pdf', 'rw25.pdf', 'rw49.pdf', 'atl14.pdf', 'shpt04.pdf'];
  it.skipIf(!HAS_CORPUS).each(corpusFiles)('gives corpus %s the same model as converting every font', async (name) => {
    if (!existsSync(join(CORPUS, name))) return;
    const bytes = corpusBytes(name);
    expect(await extractPdf(bytes, { textOnlyFonts: true })).toEqual(await extractPdf(bytes, { textOnlyFonts: false }));
  });
});
