/**
 * Streaming an XML part (OOXML: SpreadsheetML, WordprocessingML) on htmlparser2, without building
 * a DOM. Handlers get each start tag with its attributes and offsets, character data, and end tags.
 */
import { Parser } from 'htmlparser2';

export interface XmlHandlers {
  /** `start`/`end` are the offsets of the tag's first and last character in the part. */
  open?: (name: string, attrs: Record<string, string>, start: number, end: number, selfClosing: boolean) => void;
  text?: (text: string) => void;
  close?: (name: string, start: number, end: number) => void;
}

export interface XmlWalkOptions {
  /** Report "c" for "x:c": for parts whose producers differ in the prefix they use. */
  localNames?: boolean;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

export function walkXml(xml: string, handlers: XmlHandlers, opts: XmlWalkOptions = {}): void {
  const named = opts.localNames ? localName : (name: string) => name;
  const parser: Parser = new Parser(
    {
      onopentag: (name, attrs) => handlers.open?.(named(name), attrs, parser.startIndex, parser.endIndex, xml[parser.endIndex - 1] === '/'),
      ontext: (text) => handlers.text?.(text),
      onclosetag: (name) => handlers.close?.(named(name), parser.startIndex, parser.endIndex),
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
}
