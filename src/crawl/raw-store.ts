/**
 * The raw store: every fetched body under its sha256 (raw/ab/abcd….pdf), so any record traces back
 * to the exact bytes and a newer version can re-parse without downloading again. Writes go
 * through a temporary file and a rename, so a killed crawl never leaves half a file under a hash.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';

export class RawStore {
  constructor(readonly dir: string) {}

  static sha256(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  /** The file for a hash; the extension (from the URL or the Content-Type) helps sniffing and people. */
  pathOf(sha256: string, ext: string): string {
    return join(this.dir, sha256.slice(0, 2), `${sha256}${ext}`);
  }

  put(bytes: Uint8Array, ext: string): { sha256: string; path: string } {
    const sha256 = RawStore.sha256(bytes);
    const path = this.pathOf(sha256, ext);
    if (!existsSync(path)) {
      mkdirSync(join(this.dir, sha256.slice(0, 2)), { recursive: true });
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, bytes);
      renameSync(temp, path);
    }
    return { sha256, path };
  }

  get(sha256: string, ext: string): Uint8Array | null {
    const path = this.pathOf(sha256, ext);
    return existsSync(path) ? new Uint8Array(readFileSync(path)) : null;
  }
}

const BY_TYPE: Record<string, string> = {
  'application/pdf': '.pdf',
  'application/msword': '.doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/vnd.ms-excel': '.xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
  'text/html': '.html',
  'application/xhtml+xml': '.html',
  'text/plain': '.txt',
};

/** The extension to store a body under: the URL's when it has a known one, else the Content-Type's. */
export function extensionFor(url: string, contentType: string | null, fallback: string): string {
  const fromUrl = extname(decodeURIComponent(new URL(url).pathname)).toLowerCase();
  if (/^\.(?:pdf|docx?|xlsx?|s?html?|txt|wps|et)$/.test(fromUrl)) return fromUrl === '.htm' || fromUrl === '.shtml' ? '.html' : fromUrl;
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return BY_TYPE[type] ?? fallback;
}
