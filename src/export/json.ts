import type { ExportDocument } from './document.js';

/** The JSON export: the document as it is, two-space indented, with a final newline. */
export function toJson(doc: ExportDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}
