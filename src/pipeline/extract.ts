/** The extractor for each format, and the reason when a format has none yet. */
import type { DocumentModel, Format } from '../../schemas/document.js';
import { extractHtml } from '../../extractors/html/index.js';
import { extractPdf, PdfOpenError, type PdfOptions } from '../../extractors/pdf/index.js';
import { extractText } from '../../extractors/text/index.js';

/** Input that cannot become a document; the message is the reason stored for it. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

const NOT_YET: Partial<Record<Format, string>> = {
  docx: 'Word (DOCX)',
  doc: 'Word 97-2003 (DOC)',
  xlsx: 'Excel (XLSX)',
  xls: 'Excel 97-2003 (XLS)',
};

/** Largest HTML page or text file read; bigger ones are not reports but dumps or traps. */
export const MAX_TEXT_BYTES = 20 * 1024 * 1024;

export interface ExtractOptions {
  /** PDF pages to read (the inspector's --pages). */
  pages?: PdfOptions['pages'];
}

export async function extractModel(bytes: Uint8Array, format: Format, opts: ExtractOptions = {}): Promise<DocumentModel> {
  const pending = NOT_YET[format];
  if (pending) throw new InputError(`${pending} files are not supported yet`);
  if (format === 'pdf') {
    try {
      return await extractPdf(bytes, { pages: opts.pages });
    } catch (e) {
      if (e instanceof PdfOpenError) throw new InputError(e.message);
      throw e;
    }
  }
  if (bytes.length > MAX_TEXT_BYTES) {
    throw new InputError(`${format === 'html' ? 'HTML page' : 'text file'} of ${(bytes.length / 1048576).toFixed(1)} MB is over the ${MAX_TEXT_BYTES / 1048576} MB limit`);
  }
  return format === 'html' ? extractHtml(bytes) : extractText(bytes);
}
