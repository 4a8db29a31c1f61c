/**
 * The terminal progress bar moves by the guessed cost of each file, so a batch that takes its
 * largest files first neither looks stalled at the start nor predicts from the speed of skipping.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startProgress } from '../src/cli/progress.js';
import type { FileResult } from '../src/pipeline/ingest.js';

/** A stream that says it is a terminal and keeps what is drawn on it. */
function terminal(): { stream: NodeJS.WriteStream; drawn: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: true, columns: 200, cursorTo: () => true, clearLine: () => true, moveCursor: () => true, clearScreenDown: () => true });
  return { stream, drawn: () => text };
}

const result = (outcome: FileResult['outcome'], pages: number | null): FileResult => ({
  source: 'x.pdf', id: 'x', outcome, status: outcome === 'skipped' ? 'ok' : outcome, family: 'budget', format: 'pdf', error: null, pages, ms: 1,
});

/** The last bar drawn: how many of its 40 cells are full, and its text. */
function lastBar(drawn: string): { full: number; text: string } {
  const bars = drawn.split(/\r|\n|\u001b\[[0-9;]*[A-Za-z]/).filter((l) => l.includes('files'));
  const text = bars.at(-1) ?? '';
  return { full: [...text].filter((c) => c === '\u2588').length, text };
}

describe('the progress bar', () => {
  it('fills by the cost of the files done, not by their number', () => {
    const { stream, drawn } = terminal();
    const progress = startProgress(10, 1000, stream);
    progress.fileDone(result('ok', 40), 900);
    progress.stop();
    const bar = lastBar(drawn());
    expect(bar.text).toContain('1/10 files');
    expect(bar.text).toContain('40 pages');
    expect(bar.full).toBe(36);
  });

  it('takes unchanged files out of the total instead of counting them as work done', () => {
    const { stream, drawn } = terminal();
    const progress = startProgress(3, 1000, stream);
    progress.fileDone(result('skipped', null), 500);
    progress.fileDone(result('ok', 3), 250);
    progress.stop();
    const bar = lastBar(drawn());
    expect(bar.text).toContain('2/3 files');
    expect(bar.full).toBe(20);
  });

  it('moves page by page through a scan read by OCR, and counts its pages once', () => {
    const midway = terminal();
    let progress = startProgress(1, 1000, midway.stream);
    progress.ocrPage(0, 'scan.pdf', 1, 4, 1000);
    progress.ocrPage(0, 'scan.pdf', 2, 4, 1000);
    progress.stop();
    let bar = lastBar(midway.drawn());
    expect(bar.text).toContain('0/1 files');
    expect(bar.text).toContain('2 pages');
    expect(bar.full).toBe(18); // 2 of 4 pages of the 90 % of its cost that OCR is guessed to take
    const finished = terminal();
    progress = startProgress(1, 1000, finished.stream);
    for (let page = 1; page <= 4; page++) progress.ocrPage(0, 'scan.pdf', page, 4, 1000);
    progress.fileDone(result('ok', 4), 1000, 0);
    progress.stop();
    bar = lastBar(finished.drawn());
    expect(bar.text).toContain('1/1 files');
    expect(bar.text).toContain('4 pages');
    expect(bar.full).toBe(40);
  });

  it('writes a line per page read by OCR when stderr is not a terminal', () => {
    let text = '';
    const stream = new Writable({ write(chunk, _e, done) { text += chunk.toString(); done(); } }) as unknown as NodeJS.WriteStream;
    const progress = startProgress(1, 1000, stream);
    progress.ocrPage(0, 'scan.pdf', 1, 2, 1000);
    progress.ocrPage(0, 'scan.pdf', 2, 2, 1000);
    progress.fileDone(result('ok', 2), 1000, 0);
    expect(text.split('\n').filter(Boolean).map((l) => l.replace(/\s+/g, ' '))).toEqual(['ocr page 1/2 scan.pdf', 'ocr page 2/2 scan.pdf', 'ok budget x.pdf']);
  });
});
