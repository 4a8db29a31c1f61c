/**
 * Legacy Office files (DOC, XLS) are read by converting them to DOCX/XLSX with LibreOffice when it
 * is installed. No npm package reads WPS-made DOC files, and the npm release of the usual XLS
 * reader (xlsx 0.18.5) carries known advisories on untrusted input (prototype pollution,
 * CVE-2023-30533; ReDoS, CVE-2024-22363), so we do not put it in front of files from the web.
 *
 * Each conversion runs headless in a temporary directory under a time limit; past it the whole
 * process group is killed, so a bad file never hangs a batch. Conversions in one process share a
 * LibreOffice profile and therefore run one at a time.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type LegacyFormat = 'doc' | 'xls';

const TARGET: Record<LegacyFormat, { ext: 'docx' | 'xlsx'; filter: string; name: string; component: string; modern: string }> = {
  doc: { ext: 'docx', filter: 'docx:MS Word 2007 XML', name: 'Word 97-2003 (DOC)', component: 'libreoffice-writer-nogui', modern: 'DOCX' },
  xls: { ext: 'xlsx', filter: 'xlsx:Calc MS Excel 2007 XML', name: 'Excel 97-2003 (XLS)', component: 'libreoffice-calc-nogui', modern: 'XLSX' },
};

export const DEFAULT_CONVERT_TIMEOUT_MS = 180_000;

/** The conversion could not be done; the message is the reason stored for the file. */
export class ConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConversionError';
  }
}

/** The LibreOffice binary to run: $SOFFICE, else `soffice` on the PATH. */
export function sofficeCommand(): string {
  return process.env['SOFFICE'] ?? 'soffice';
}

let profileDir: string | null = null;
function profile(): string {
  if (!profileDir) {
    const dir = mkdtempSync(join(tmpdir(), 'fiscal-extract-lo-profile-'));
    profileDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return profileDir;
}

let queue: Promise<unknown> = Promise.resolve();

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string; timedOut: boolean; missing: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    const collect = (d: Buffer) => {
      if (output.length < 4000) output += d.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ code: null, output: err.message, timedOut, missing: err.code === 'ENOENT' });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut, missing: false });
    });
  });
}

async function convertNow(bytes: Uint8Array, from: LegacyFormat, timeoutMs: number): Promise<Uint8Array> {
  const target = TARGET[from];
  const work = mkdtempSync(join(tmpdir(), 'fiscal-extract-convert-'));
  try {
    const input = join(work, `input.${from}`);
    const outDir = join(work, 'out');
    writeFileSync(input, bytes);
    const args = [
      `-env:UserInstallation=${pathToFileURL(profile()).href}`,
      '--headless', '--norestore', '--nolockcheck', '--nodefault',
      '--convert-to', target.filter, '--outdir', outDir, input,
    ];
    const result = await run(sofficeCommand(), args, timeoutMs);
    if (result.missing) {
      throw new ConversionError(`${target.name} files are read by converting them with LibreOffice, which is not installed: apt-get install ${target.component} (or save the file as ${target.modern})`);
    }
    if (result.timedOut) throw new ConversionError(`LibreOffice did not finish converting the ${target.name} file within ${Math.round(timeoutMs / 1000)} s`);
    const output = join(outDir, `input.${target.ext}`);
    if (!existsSync(output)) {
      const said = result.output.replace(/\s+/g, ' ').trim().slice(0, 300);
      throw new ConversionError(`LibreOffice could not convert the ${target.name} file to ${target.modern}${said ? `: ${said}` : ''} (is ${target.component} installed?)`);
    }
    return new Uint8Array(readFileSync(output));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The DOCX or XLSX LibreOffice makes of a DOC or XLS file. */
export function convertLegacy(bytes: Uint8Array, from: LegacyFormat, timeoutMs = DEFAULT_CONVERT_TIMEOUT_MS): Promise<Uint8Array> {
  const next = queue.then(() => convertNow(bytes, from, timeoutMs));
  queue = next.catch(() => undefined);
  return next;
}
