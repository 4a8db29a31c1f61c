/**
 * A file's real type from its bytes: extensions lie (an HTML page saved as .pdf, an XLSX named
 * .xls). Magic numbers for PDF, ZIP and OLE containers; inside them the part names tell Word from
 * Excel; text is HTML when it carries markup.
 */
import { extname } from 'node:path';
import type { Format } from '../../schemas/document.js';
import { decodeBytes } from '../../extractors/common/decode.js';

export type Sniffed = { ok: true; format: Format } | { ok: false; reason: string };

const SNIFF_BYTES = 64 * 1024;
const TEXT_EXTENSIONS = new Set(['', '.txt', '.text', '.md', '.markdown']);
const MARKUP = /<(?:!doctype\s+html|html|head|body|meta|title|table|div|p|span|br)[\s>/]/i;

function startsWith(bytes: Uint8Array, magic: number[], at = 0): boolean {
  return magic.every((b, i) => bytes[at + i] === b);
}

function contains(bytes: Uint8Array, needle: string, encoding: 'latin1' | 'utf16le' = 'latin1'): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(needle, encoding));
}

function controlShare(text: string): number {
  let control = 0;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) control++;
  }
  return text.length === 0 ? 0 : control / text.length;
}

/**
 * The sample cut back to the start of a UTF-8 sequence it would split, so a UTF-8 file is not
 * taken for GB18030 (and its decoding for binary) because the cut fell inside a character.
 */
function utf8Boundary(sample: Uint8Array): Uint8Array {
  let end = sample.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = sample[end - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (need > back) end -= back;
    break;
  }
  return sample.subarray(0, end);
}

/** HTML opens with a tag, doctype, comment, XML declaration or server directive (<%@ … %>). */
function startsLikeMarkup(text: string): boolean {
  return /^\s*</.test(text.replace(/^\ufeff/, ''));
}

export function sniffFormat(bytes: Uint8Array, path: string): Sniffed {
  const ext = extname(path).toLowerCase();
  if (bytes.length === 0) return { ok: false, reason: 'empty file (0 bytes)' };
  const head = bytes.subarray(0, Math.min(bytes.length, 1024));
  if (contains(head, '%PDF-')) return { ok: true, format: 'pdf' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (contains(bytes, 'word/')) return { ok: true, format: 'docx' };
    if (contains(bytes, 'xl/')) return { ok: true, format: 'xlsx' };
    return { ok: false, reason: 'a ZIP archive that is not a Word or Excel document' };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    if (contains(bytes, 'WordDocument', 'utf16le')) return { ok: true, format: 'doc' };
    if (contains(bytes, 'Workbook', 'utf16le') || contains(bytes, 'Book', 'utf16le')) return { ok: true, format: 'xls' };
    return { ok: false, reason: 'an OLE compound file that is neither a Word nor an Excel document' };
  }
  if (contains(head, '{\\rtf')) return { ok: false, reason: 'RTF documents are not supported' };

  const sample = utf8Boundary(bytes.subarray(0, Math.min(bytes.length, SNIFF_BYTES)));
  const text = decodeBytes(sample, { markup: true }).text;
  const binary = sample.includes(0) || controlShare(text) > 0.02;
  if (binary) {
    const claimed = ext === '' ? '' : ` despite its ${ext} extension`;
    return { ok: false, reason: `binary content that is not a document this tool reads${claimed}` };
  }
  const markupExtension = /^\.(?:html?|shtml|xhtml|jsp|aspx?|php)$/.test(ext);
  if ((startsLikeMarkup(text) || markupExtension) && MARKUP.test(text.slice(0, 16 * 1024))) return { ok: true, format: 'html' };
  if (TEXT_EXTENSIONS.has(ext)) return { ok: true, format: 'txt' };
  return { ok: false, reason: `unsupported file type "${ext}" (plain text; rename it to .txt to read it as text)` };
}
