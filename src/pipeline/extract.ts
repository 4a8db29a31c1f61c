/**
 * The extractor for each format; what is wrong with the input becomes an InputError with the reason.
 *
 * Extractors are loaded when a file of their format first comes: pdf.js, mammoth, cheerio and the
 * workbook reader together hold some 100 MB once loaded, and a batch of PDFs needs only the first.
 */
import type { DocumentModel, Format } from '../../schemas/document.js';
import { ConversionError, convertLegacy } from '../../extractors/common/soffice.js';
import { ZipLimitError } from '../../extractors/common/zip.js';
import type { PdfOptions } from '../../extractors/pdf/index.js';

const pdf = () => import('../../extractors/pdf/index.js');
const docx = async () => (await import('../../extractors/docx/index.js')).extractDocx;
const xlsx = async () => (await import('../../extractors/xlsx/index.js')).extractXlsx;
const html = async () => (await import('../../extractors/html/index.js')).extractHtml;
const text = async () => (await import('../../extractors/text/index.js')).extractText;

/** Input that cannot become a document; the message is the reason stored for it. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}


/** Largest HTML page or text file read; bigger ones are not reports but dumps or traps. */
export const MAX_TEXT_BYTES = 20 * 1024 * 1024;

export interface ExtractOptions {
  /** PDF pages to read (the inspector's --pages). */
  pages?: PdfOptions['pages'];
  /** How long LibreOffice may take to convert a DOC or XLS file. */
  convertTimeoutMs?: number;
  /** Read PDF pages without a text layer by OCR (default true). */
  ocr?: boolean;
  /** Told as each page read by OCR is done. */
  onOcrPage?: PdfOptions['onOcrPage'];
}

export async function extractModel(bytes: Uint8Array, format: Format, opts: ExtractOptions = {}): Promise<DocumentModel> {
  if (format === 'pdf') {
    const { extractPdf, PdfOpenError } = await pdf();
    try {
      return await extractPdf(bytes, { pages: opts.pages, ocr: opts.ocr, onOcrPage: opts.onOcrPage });
    } catch (e) {
      if (e instanceof PdfOpenError) throw new InputError(e.message);
      throw e;
    }
  }
  if (format === 'docx') return inputErrors(async () => (await docx())(bytes));
  if (format === 'xlsx') return inputErrors(async () => (await xlsx())(bytes));
  if (format === 'doc' || format === 'xls') {
    return inputErrors(async () => {
      const converted = await convertLegacy(bytes, format, opts.convertTimeoutMs);
      const model = await (format === 'doc' ? await docx() : await xlsx())(converted);
      return { ...model, format, warnings: [`read through LibreOffice's conversion to ${format === 'doc' ? 'DOCX' : 'XLSX'}`, ...model.warnings] };
    });
  }
  if (bytes.length > MAX_TEXT_BYTES) {
    throw new InputError(`${format === 'html' ? 'HTML page' : 'text file'} of ${(bytes.length / 1048576).toFixed(1)} MB is over the ${MAX_TEXT_BYTES / 1048576} MB limit`);
  }
  return (format === 'html' ? await html() : await text())(bytes);
}

/** Runs an extractor, turning what is wrong with the input (not with us) into an InputError. */
async function inputErrors(extract: () => Promise<DocumentModel>): Promise<DocumentModel> {
  try {
    return await extract();
  } catch (e) {
    if (e instanceof ZipLimitError || e instanceof ConversionError) throw new InputError(e.message);
    throw e;
  }
}
