/**
 * Patching WordprocessingML by offset. The DOCX reader corrects document.xml before
 * mammoth reads it (numbering printed as text, legacy merges made spans); the corrections are
 * splices at offsets found while streaming the part, so the rest of the XML stays byte for byte.
 */

/** The w:val attribute as an integer, or null. */
export function intVal(attrs: Record<string, string>): number | null {
  const n = Number.parseInt(attrs['w:val'] ?? '', 10);
  return Number.isFinite(n) ? n : null;
}

/** Replace xml[from, to) with `text`; an insertion has from === to. */
export interface Edit {
  from: number;
  to: number;
  text: string;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Applies the edits; an edit inside a range another edit replaces is dropped with that range
 * (a label for a paragraph in a cell that is removed).
 */
export function applyEdits(xml: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.from - b.from || b.to - a.to);
  const pieces: string[] = [];
  let at = 0;
  for (const edit of sorted) {
    if (edit.from < at) continue;
    pieces.push(xml.slice(at, edit.from), edit.text);
    at = edit.to;
  }
  pieces.push(xml.slice(at));
  return pieces.join('');
}
