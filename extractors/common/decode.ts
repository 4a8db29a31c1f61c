/**
 * Bytes to text for HTML and plain-text files.
 *
 * Order: byte-order mark, then the HTTP header's charset when we have one, then (HTML) the
 * <meta> charset found by the WHATWG prescan (encoding-sniffer). When nothing is declared, valid
 * UTF-8 is UTF-8 and anything else is GB18030, the superset of GBK and GB2312 that Chinese
 * portals actually use. Bytes that contradict the declaration win over it, with a warning.
 */
import { ResultType, Sniffer } from 'encoding-sniffer/sniffer';

export type CharsetSource = 'bom' | 'header' | 'meta' | 'bytes';

export interface DecodedText {
  text: string;
  encoding: string;
  source: CharsetSource;
  warnings: string[];
}

const SNIFF_BYTES = 8192;
const CHINESE_LEGACY = new Set(['gbk', 'gb2312', 'gb18030', 'x-gbk', 'chinese', 'csgb2312', 'iso-ir-58']);

function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  return decodesCleanly(bytes, 'utf-8');
}

const SINGLE_BYTE = /^(?:windows-125\d|iso-8859-\d+|koi8-[ru]|macintosh|ibm866|x-mac-cyrillic|windows-874)$/;

function decodesCleanly(bytes: Uint8Array, encoding: string): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b > 0x7f) return true;
  return false;
}

/** The WHATWG label as a decoder name we use: every Chinese legacy label decodes as GB18030. */
function canonical(label: string): string | null {
  const lower = label.trim().toLowerCase();
  if (CHINESE_LEGACY.has(lower)) return 'gb18030';
  try {
    return new TextDecoder(lower).encoding;
  } catch {
    return null;
  }
}

function declaredInMarkup(bytes: Uint8Array): string | null {
  const sniffer = new Sniffer({ maxBytes: SNIFF_BYTES, defaultEncoding: 'utf-8' });
  sniffer.write(bytes.subarray(0, SNIFF_BYTES));
  return sniffer.resultType === ResultType.META_TAG || sniffer.resultType === ResultType.XML_ENCODING ? sniffer.encoding : null;
}

export interface DecodeOptions {
  /** The charset from an HTTP Content-Type header. */
  headerCharset?: string | undefined;
  /** Look for <meta charset> / <?xml encoding?> in the first bytes. */
  markup?: boolean;
}

export function decodeBytes(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedText {
  const warnings: string[] = [];
  const bom = bomEncoding(bytes);
  if (bom) {
    return { text: new TextDecoder(bom.encoding).decode(bytes.subarray(bom.length)), encoding: bom.encoding, source: 'bom', warnings };
  }
  let declared: { encoding: string; source: CharsetSource } | null = null;
  if (opts.headerCharset) {
    const enc = canonical(opts.headerCharset);
    if (enc) declared = { encoding: enc, source: 'header' };
    else warnings.push(`unknown charset "${opts.headerCharset}" in the HTTP header was ignored`);
  }
  if (!declared && opts.markup) {
    const label = declaredInMarkup(bytes);
    const enc = label ? canonical(label) : null;
    if (enc) declared = { encoding: enc, source: 'meta' };
  }

  const utf8 = isValidUtf8(bytes);
  if (declared) {
    const { encoding, source } = declared;
    if (encoding === 'utf-8') {
      if (utf8) return { text: new TextDecoder('utf-8').decode(bytes), encoding, source, warnings };
      warnings.push(`declared UTF-8 (${source}) but the bytes are not UTF-8; decoded as GB18030`);
      return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030', source: 'bytes', warnings };
    }
    if (!hasNonAscii(bytes)) return { text: new TextDecoder(encoding).decode(bytes), encoding, source, warnings };
    // Long runs of valid UTF-8 do not happen by chance in legacy encodings: the bytes win.
    if (utf8) {
      warnings.push(`declared ${encoding} (${source}) but the bytes are UTF-8; decoded as UTF-8`);
      return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', source: 'bytes', warnings };
    }
    // A Western single-byte charset on a Chinese page, or a multi-byte one its bytes break, is a
    // mislabelled GBK page.
    if ((SINGLE_BYTE.test(encoding) || !decodesCleanly(bytes, encoding)) && encoding !== 'gb18030' && decodesCleanly(bytes, 'gb18030')) {
      warnings.push(`declared ${encoding} (${source}) but the bytes read as GB18030; decoded as GB18030`);
      return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030', source: 'bytes', warnings };
    }
    return { text: new TextDecoder(encoding).decode(bytes), encoding, source, warnings };
  }
  const encoding = utf8 ? 'utf-8' : 'gb18030';
  return { text: new TextDecoder(encoding).decode(bytes), encoding, source: 'bytes', warnings };
}
