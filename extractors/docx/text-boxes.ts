/**
 * Text boxes drawn only in DrawingML, made readable to mammoth.
 *
 * Word writes a text box twice, as DrawingML under mc:Choice and as a VML copy under mc:Fallback;
 * mammoth reads the VML copy (w:pict → v:textbox → w:txbxContent). A producer that writes only the
 * DrawingML form (w:drawing → … → wps:txbx → w:txbxContent, no mc:AlternateContent) would lose the
 * box's text, since mammoth reads a w:drawing only for its picture. For such a box the same
 * w:txbxContent is added after the drawing as a VML text box.
 */
import { walkXml } from '../common/xml-walk.js';
import type { Edit } from './xml.js';

export function drawingTextBoxEdits(documentXml: string): Edit[] {
  const edits: Edit[] = [];
  let alternateDepth = 0;
  let drawing: { contents: string[] } | null = null;
  let drawingDepth = 0;
  let boxStart: number | null = null;
  walkXml(documentXml, {
    open(name, _attrs, start, _end, selfClosing) {
      if (selfClosing) return;
      if (name === 'mc:AlternateContent') alternateDepth++;
      else if (name === 'w:drawing' && alternateDepth === 0) {
        if (drawingDepth++ === 0) drawing = { contents: [] };
      } else if (name === 'w:txbxContent' && drawing && boxStart === null) boxStart = start;
    },
    close(name, _start, end) {
      if (name === 'mc:AlternateContent') alternateDepth--;
      else if (name === 'w:txbxContent' && drawing && boxStart !== null) {
        drawing.contents.push(documentXml.slice(boxStart, end + 1));
        boxStart = null;
      } else if (name === 'w:drawing' && drawing && --drawingDepth === 0) {
        const boxes: string[] = drawing.contents;
        if (boxes.length > 0) edits.push({ from: end + 1, to: end + 1, text: boxes.map((box) => `<w:pict><v:textbox xmlns:v="urn:schemas-microsoft-com:vml">${box}</v:textbox></w:pict>`).join('') });
        drawing = null;
      }
    },
  });
  return edits;
}
