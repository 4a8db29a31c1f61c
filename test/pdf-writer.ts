/**
 * Writes small PDFs for tests: numbered objects (1 0 obj …), a cross-reference table and a
 * trailer whose /Root is object 1. A stream object is its dictionary entries and its bytes.
 */
export type PdfObject = string | { dict: string; stream: Buffer | string };

/** `trailer`: more trailer entries, e.g. an /Encrypt reference and an /ID. */
export function writePdf(objects: readonly PdfObject[], opts: { trailer?: string } = {}): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n', 'latin1')];
  let length = parts[0]!.length;
  const push = (b: Buffer) => {
    parts.push(b);
    length += b.length;
  };
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(length);
    if (typeof o === 'string') {
      push(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1'));
      return;
    }
    const bytes = typeof o.stream === 'string' ? Buffer.from(o.stream, 'latin1') : o.stream;
    push(Buffer.from(`${i + 1} 0 obj\n<< ${o.dict} /Length ${bytes.length} >>\nstream\n`, 'latin1'));
    push(bytes);
    push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  });
  const xref = length;
  const entries = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}`, 'latin1'));
  push(Buffer.from(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${opts.trailer ? ` ${opts.trailer}` : ''} >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
