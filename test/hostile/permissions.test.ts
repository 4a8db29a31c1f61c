/**
 * An unreadable file among good ones, read without root's power to read anything: as root (as in
 * CI) the CLI runs under setpriv with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped, so the
 * kernel checks the mode bits as for an ordinary user — wherever the checkout lives, which `nobody`
 * might not reach. The file ends failed saying permission is denied, the batch goes on and exits
 * 1, the other files are stored.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { CLI, SAMPLES } from '../helpers.js';
import { WITHOUT_ROOT } from './without-root.js';

const dir = mkdtempSync(join(tmpdir(), 'fiscal-perm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an unreadable file, as a user who cannot read it', () => {
  it('is stored as failed with "permission denied", and the batch goes on', () => {
    chmodSync(dir, 0o777);
    const inputs = join(dir, 'in');
    mkdirSync(inputs);
    chmodSync(inputs, 0o755);
    copyFileSync(join(SAMPLES, '004-zhengding-2023-self-evaluation.html'), join(inputs, 'good.html'));
    chmodSync(join(inputs, 'good.html'), 0o644);
    writeFileSync(join(inputs, 'secret.html'), '<html><body>部门预算</body></html>');
    chmodSync(join(inputs, 'secret.html'), 0o000);
    // A folder it cannot list, and a file inside it named on the command line.
    mkdirSync(join(inputs, 'closed'));
    writeFileSync(join(inputs, 'closed', 'inner.html'), '<html><body>部门预算</body></html>');
    chmodSync(join(inputs, 'closed'), 0o000);
    const run = spawnSync(WITHOUT_ROOT[0]!, [...WITHOUT_ROOT.slice(1), CLI, 'ingest', 'in', 'in/closed/inner.html', '--db', 'perm.db'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect({ status: run.status, stderr: /Error:|\n\s+at / .test(run.stderr) ? run.stderr : '' }).toEqual({ status: 1, stderr: '' });
    const db = openDatabase(join(dir, 'perm.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT s.source, d.status, d.error FROM document_sources s JOIN documents d ON d.id = s.doc_id ORDER BY s.source').all();
      expect(rows).toEqual([
        { source: 'in/closed', status: 'failed', error: 'in/closed: cannot read the directory: permission denied' },
        { source: 'in/closed/inner.html', status: 'failed', error: 'in/closed/inner.html: cannot read the file: permission denied' },
        { source: 'in/good.html', status: 'ok', error: null },
        { source: 'in/secret.html', status: 'failed', error: 'in/secret.html: cannot read the file: permission denied' },
      ]);
    } finally {
      db.close();
    }
  });
});
