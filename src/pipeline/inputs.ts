/**
 * What the user named on the command line, as a list of files: paths, directories (walked,
 * hidden entries skipped) and globs. A path that does not exist is kept, so it can be reported
 * as a failed input rather than silently dropped.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

export interface InputFile {
  /** The path as the user would recognise it. */
  path: string;
  /** What to record as the document's source when it is not the path (a crawled file's URL). */
  source?: string;
  /** Why there is no file to read, when the input named none (a glob that matched nothing). */
  missing?: string;
}

/** Walks a directory in name order; symlinks are followed, each real directory visited once. */
async function walk(dir: string, out: InputFile[], visited: Set<string>): Promise<void> {
  const real = await realpath(dir).catch(() => dir);
  if (visited.has(real)) return;
  visited.add(real);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    out.push({ path: dir, missing: `cannot read the directory: ${code === 'EACCES' ? 'permission denied' : (e as Error).message}` });
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    const info = e.isSymbolicLink() ? await stat(p).catch(() => null) : e;
    if (info?.isDirectory()) await walk(p, out, visited);
    else out.push({ path: p });
  }
}

export async function expandInputs(inputs: string[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  const seen = new Set<string>();
  const add = (f: InputFile) => {
    const key = resolve(f.path);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(f);
    }
  };
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (info?.isDirectory()) {
      const files: InputFile[] = [];
      await walk(input, files, new Set());
      files.forEach(add);
    } else if (info) add({ path: input });
    else if (isDynamicPattern(input)) {
      const matches = await glob(input, { onlyFiles: true, dot: false });
      if (matches.length === 0) add({ path: input, missing: 'no files match this pattern' });
      matches.sort().forEach((p) => add({ path: p }));
    } else add({ path: input });
  }
  return out;
}
