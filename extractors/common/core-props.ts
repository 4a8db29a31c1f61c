/** The title an Office package declares in docProps/core.xml (dc:title), shared by DOCX and XLSX. */
import * as cheerio from 'cheerio';
import { normalizeText, squashSpaces } from './normalize.js';

export const CORE_PART = 'docProps/core.xml';

export function coreTitle(xml: string | null): string | null {
  if (!xml) return null;
  const $ = cheerio.load(xml, { xml: true });
  const title = squashSpaces(normalizeText($('dc\\:title').first().text()));
  return title === '' ? null : title;
}
