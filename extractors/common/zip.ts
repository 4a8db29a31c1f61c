/**
 * The guard every ZIP-based format (DOCX, XLSX) passes before a library unpacks it: too many
 * entries, a part or a whole that unpacks past a sane size, or sizes that lie about what they
 * unpack to (the classic zip bomb) fail with that reason instead of exhausting memory.
 *
 * The central directory declares each entry's unpacked size; every entry is then inflated as a
 * stream with yauzl checking that it stops at the size it declared, so the libraries that read
 * the file afterwards (mammoth, exceljs) can unpack nothing bigger than what was checked here.
 */
import { Buffer } from 'node:buffer';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';

export interface ZipLimits {
  maxEntries: number;
  /** Unpacked bytes of all entries together. */
  maxTotalBytes: number;
  /** Unpacked bytes of one XML part (parsers hold a DOM many times its size). */
  maxXmlPartBytes: number;
}

export const ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 256 * 1024 * 1024,
  maxXmlPartBytes: 64 * 1024 * 1024,
};

/** A container that must not be unpacked; the message is the reason stored for the file. */
export class ZipLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipLimitError';
  }
}

export interface ZipEntryInfo {
  name: string;
  size: number;
}

const MB = (n: number) => `${(n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0)} MB`;

function openZip(bytes: Uint8Array): Promise<ZipFile> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Promise((resolve, reject) => {
    fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => (err ? reject(new ZipLimitError(`not a readable ZIP container: ${err.message}`)) : resolve(zip)));
  });
}

/** Unpacks one entry; its bytes when `keep`, else they are only counted (by yauzl's size check). */
function unpack(zip: ZipFile, entry: Entry, keep: boolean): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (keep) chunks.push(chunk);
      });
      stream.on('end', () => resolve(keep ? Buffer.concat(chunks) : null));
      stream.on('error', reject);
    });
  });
}

export interface CheckedZip {
  entries: ZipEntryInfo[];
  /** The unpacked bytes of the entries asked for. */
  parts: Map<string, Buffer>;
}

/**
 * Checks the container against the limits and returns its entries, with the bytes of those
 * `keep` asks for; throws ZipLimitError with the reason when it breaks a limit or cannot be read.
 */
export async function checkZip(bytes: Uint8Array, keep: (name: string) => boolean = () => false, limits: ZipLimits = ZIP_LIMITS): Promise<CheckedZip> {
  const zip = await openZip(bytes);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ZipLimitError(`ZIP container has ${zip.entryCount} entries, over the limit of ${limits.maxEntries}`);
    }
    const entries: Entry[] = await new Promise((resolve, reject) => {
      const seen: Entry[] = [];
      zip.on('entry', (e: Entry) => {
        seen.push(e);
        zip.readEntry();
      });
      zip.on('end', () => resolve(seen));
      zip.on('error', reject);
      zip.readEntry();
    });
    let total = 0;
    for (const e of entries) {
      total += e.uncompressedSize;
      if (/\.(?:xml|rels)$/i.test(e.fileName) && e.uncompressedSize > limits.maxXmlPartBytes) {
        throw new ZipLimitError(`part ${e.fileName} unpacks to ${MB(e.uncompressedSize)}, over the ${MB(limits.maxXmlPartBytes)} limit for one part`);
      }
    }
    if (total > limits.maxTotalBytes) {
      throw new ZipLimitError(`ZIP container unpacks to ${MB(total)}, over the ${MB(limits.maxTotalBytes)} limit`);
    }
    const parts = new Map<string, Buffer>();
    for (const e of entries) {
      if (e.fileName.endsWith('/')) continue;
      try {
        const data = await unpack(zip, e, keep(e.fileName));
        if (data) parts.set(e.fileName, data);
      } catch (err) {
        throw new ZipLimitError(`part ${e.fileName} cannot be unpacked: ${(err as Error).message}`);
      }
    }
    return { entries: entries.map((e) => ({ name: e.fileName, size: e.uncompressedSize })), parts };
  } catch (err) {
    if (err instanceof ZipLimitError) throw err;
    throw new ZipLimitError(`not a readable ZIP container: ${(err as Error).message}`);
  } finally {
    zip.close();
  }
}
