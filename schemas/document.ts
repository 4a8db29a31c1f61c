/**
 * The intermediate document model every extractor produces.
 *
 * It knows about layout — headings, paragraphs, tables with spans — and where each block came
 * from, but nothing about fiscal documents. Domain parsers read only this model, so the same
 * report published as PDF, DOCX or HTML yields the same records.
 */
import { z } from 'zod';

export const FORMATS = ['pdf', 'docx', 'doc', 'xlsx', 'xls', 'html', 'txt'] as const;
export const Format = z.enum(FORMATS).describe('The file format as sniffed from the bytes, not the extension.');
export type Format = z.infer<typeof Format>;

export const Provenance = z
  .object({
    page: z.number().int().positive().optional().describe('1-based page, for paged formats (PDF).'),
    path: z.string().optional().describe('Element path for markup formats, e.g. body>div.content>p[4].'),
    line: z.number().int().positive().optional().describe('1-based first line, for plain text.'),
    sheet: z.string().optional().describe('Worksheet name, for workbooks (XLSX, XLS).'),
    box: z
      .object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() })
      .optional()
      .describe('For PDF text: the box of its lines on `page`, in points from the top-left (the lines on the first page, for text that runs on).'),
  })
  .describe('Where a block was found in the source file.');
export type Provenance = z.infer<typeof Provenance>;

/** Numbering styles of Chinese official documents (GB/T 9704), outermost first. */
export const NUMBERING_STYLES = [
  'chapter', // 第一部分 / 第一章
  'cn', // 一、
  'cn_paren', // （一）
  'arabic', // 1.  1、
  'arabic_paren', // （1） 1）
  'circled', // ①
  'bullet', // • (a list whose numbers were lost)
] as const;
export const NumberingStyle = z.enum(NUMBERING_STYLES);
export type NumberingStyle = z.infer<typeof NumberingStyle>;

export const Heading = z.object({
  type: z.literal('heading'),
  level: z.number().int().min(1).max(7).describe('1 is the document title; numbered headings follow their style: 一、=2, （一）=3, 1.=4, （1）=5.'),
  numbering: z.string().nullable().describe('The numbering as printed, e.g. "一、" or "（1）"; null when unnumbered.'),
  style: NumberingStyle.nullable(),
  text: z.string().describe('Heading text without its numbering.'),
  prov: Provenance,
});
export type Heading = z.infer<typeof Heading>;

export const Paragraph = z.object({
  type: z.literal('paragraph'),
  text: z.string().describe('Text as printed, numbering included.'),
  prov: Provenance,
});
export type Paragraph = z.infer<typeof Paragraph>;

export const Cell = z.object({
  row: z.number().int().nonnegative(),
  col: z.number().int().nonnegative(),
  rowSpan: z.number().int().positive(),
  colSpan: z.number().int().positive(),
  text: z.string().describe('Cell text; line breaks inside the cell are kept as \\n.'),
  number: z.number().optional().describe('The number a spreadsheet cell stores, when its text is that number as displayed (rounded, grouped, as a percentage).'),
  box: z
    .object({ page: z.number().int().positive(), x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() })
    .optional()
    .describe('For a PDF cell: where it is printed, in PDF points from the page\'s top-left corner (y grows downwards).'),
  isHeader: z.boolean(),
});
export type Cell = z.infer<typeof Cell>;

export const TablePart = z
  .object({
    firstRow: z.number().int().nonnegative(),
    lastRow: z.number().int().nonnegative(),
    nCols: z.number().int().positive().describe('Columns as printed in this part; may differ from the table when a part lost columns.'),
    page: z.number().int().positive().nullable(),
    prov: Provenance,
  })
  .describe('One printed piece of a table that continues over pages or was printed in chunks.');
export type TablePart = z.infer<typeof TablePart>;

export const Table = z.object({
  type: z.literal('table'),
  title: z.string().nullable().describe('The caption printed above the table.'),
  unit: z.string().nullable().describe('The declared unit, e.g. 万元, from a line such as 单位：万元.'),
  notes: z.array(z.string()).describe('Banner lines above and note lines (注：…) below the table.'),
  headerRows: z.number().int().nonnegative().describe('How many leading rows are header rows.'),
  nRows: z.number().int().nonnegative(),
  nCols: z.number().int().nonnegative(),
  cells: z.array(Cell).describe('Every non-covered cell, row-major; a spanned cell appears once at its top-left.'),
  parts: z.array(TablePart).min(1),
  pageFirst: z.number().int().positive().nullable(),
  pageLast: z.number().int().positive().nullable(),
  prov: Provenance,
});
export type Table = z.infer<typeof Table>;

export const Block = z.discriminatedUnion('type', [Heading, Paragraph, Table]);
export type Block = z.infer<typeof Block>;

export const NoticeMeta = z
  .object({
    title: z.string().optional(),
    publishedAt: z.string().optional().describe('发布时间 / 发布日期 as an ISO date (YYYY-MM-DD).'),
    publisher: z.string().optional().describe('来源 / 信息来源.'),
    docNumber: z.string().optional().describe('发文字号.'),
    indexNumber: z.string().optional().describe('索引号.'),
  })
  .describe('Metadata a government portal prints around a notice.');
export type NoticeMeta = z.infer<typeof NoticeMeta>;

export const OcrPage = z
  .object({
    page: z.number().int().positive(),
    engine: z.string().describe('The OCR engine, e.g. PP-OCRv4 (ch) on onnxruntime-node.'),
    model: z.string().describe('The model files and the package version they came from.'),
    scale: z.number().positive().describe('Pixels per PDF point the page was rendered at (2 ≈ 144 dpi).'),
    lines: z.number().int().nonnegative().describe('Text lines detected.'),
    confidence: z.number().min(0).max(1).nullable().describe('Mean character confidence on the page; null when nothing was read.'),
    doubtful: z.array(z.string()).describe('Figures with a character read below the confidence threshold, as read.'),
    boxes: z
      .array(z.object({ text: z.string(), confidence: z.number(), x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() }))
      .describe('Each line OCR read, with its box in points from the top-left.'),
  })
  .describe('A page without a text layer, read by OCR.');
export type OcrPage = z.infer<typeof OcrPage>;

export const DocumentModel = z.object({
  format: Format,
  pages: z.number().int().nonnegative().nullable(),
  title: z.string().nullable().describe('The title the file declares (HTML <title>, PDF metadata); the body title is a level-1 heading.'),
  notice: NoticeMeta.nullable(),
  blocks: z.array(Block),
  warnings: z.array(z.string()).describe('Things worth knowing that did not change the result, e.g. a charset declaration the bytes contradicted.'),
  problems: z.array(z.string()).describe('What the extractor could not read with certainty; the document is stored as partial with these reasons.'),
  ocr: z.array(OcrPage).optional().describe('The pages read by OCR (PDF pages without a text layer); absent when none was.'),
});
export type DocumentModel = z.infer<typeof DocumentModel>;
