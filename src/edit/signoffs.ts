import { isMap, isSeq, parseDocument, type Node } from 'yaml';
import { splitFrontmatter } from '../load/frontmatter.js';
import type { StoredClaim } from '../model/claims.js';
import type { Signoff } from '../types.js';

// Sign-off entries are written into feature files by inserting text, never
// by re-serialising the YAML: comments, quoting and layout stay as the
// author wrote them, and a reviewer's diff shows only the new lines.

/** Refused: the file's layout is one this editor does not rewrite. */
export class EditError extends Error {}

/** Fields of a new sign-off entry (written in schema order: by, date, status, arch, variant, ref, claim, signature). */
export type EntryFields = Pick<Signoff, 'by' | 'date' | 'status' | 'arch' | 'variant' | 'ref' | 'signature'> & { claim: StoredClaim };

/** `text` with a new entry appended to the frontmatter's `signoffs` list (created if missing). */
export function appendSignoff(text: string, fields: EntryFields): string {
  const { yaml, offset, doc } = frontmatter(text);
  const list = doc.get('signoffs', true) as Node | undefined;
  if (list === undefined || list === null) {
    const end = offset + yaml.length;
    const before = text.slice(0, end);
    const lead = before.endsWith('\n') ? '' : '\n';
    return `${before}${lead}signoffs:\n${entryLines(fields, '  ').join('\n')}\n${text.slice(end)}`;
  }
  if (!isSeq(list)) throw new EditError('`signoffs` is not a list; fix it, then sign again');
  const range = list.range;
  if (!range) throw new EditError('`signoffs` has no position in the file');
  if (list.flow) {
    if (list.items.length > 0) throw new EditError('`signoffs` is written as a flow list (`[...]`); rewrite it as a block list (one `- ` item per entry), then sign again');
    const keyLine = lineStartOf(yaml, range[0]);
    const keyIndent = indentOf(yaml, keyLine);
    let start = offset + range[0];
    while (text[start - 1] === ' ') start--;
    return splice(text, start, offset + range[1], `\n${entryLines(fields, `${keyIndent}  `).join('\n')}`);
  }
  const first = list.items[0] as Node | undefined;
  const firstStart = first?.range?.[0] ?? range[0];
  const dash = yaml.lastIndexOf('-', firstStart);
  const indent = ' '.repeat(dash - lineStartOf(yaml, dash));
  const end = endOfContent(yaml, range[1]);
  return splice(text, offset + end, offset + end, `\n${entryLines(fields, indent).join('\n')}`);
}

/** `text` with `claim` (and `signature`) added to the `index`-th sign-off entry, which has neither. */
export function addClaim(text: string, index: number, claim: StoredClaim, signature?: string): string {
  const inline = `claim: {sha256: ${claim.sha256}, cells: {${Object.entries(claim.cells).map(([arch, digest]) => `${arch}: ${digest}`).join(', ')}}}`;
  return addToEntry(text, index, ['claim', 'signature'], [...claimLines(claim), ...(signature !== undefined ? signatureLines(signature) : [])], signature === undefined ? inline : undefined);
}

/** `text` with `revoked` (by, date, reason and maybe a signature) added to the `index`-th sign-off entry. */
export function addRevocation(text: string, index: number, revoked: { by: string; date: string; reason: string }, signature?: string): string {
  const lines = ['revoked:', `  by: ${scalar(revoked.by)}`, `  date: ${revoked.date}`, `  reason: ${scalar(revoked.reason)}`, ...(signature !== undefined ? signatureLines(signature).map((l) => `  ${l}`) : [])];
  const inline = `revoked: {by: ${scalar(revoked.by)}, date: ${revoked.date}, reason: ${scalar(revoked.reason)}}`;
  return addToEntry(text, index, ['revoked'], lines, signature === undefined ? inline : undefined);
}

/**
 * `text` with `lines` (YAML at the entry's key indentation) added at the end
 * of the `index`-th sign-off entry, which must have none of `keys`; a flow
 * mapping entry gets `inline` instead, or is refused when there is none.
 */
function addToEntry(text: string, index: number, keys: readonly string[], lines: readonly string[], inline: string | undefined): string {
  const { yaml, offset, doc } = frontmatter(text);
  const list = doc.get('signoffs', true) as Node | undefined;
  if (!isSeq(list)) throw new EditError('`signoffs` is not a list');
  const entry = list.items[index] as Node | undefined;
  if (!isMap(entry) || !entry.range) throw new EditError(`sign-off #${index + 1} is not a mapping`);
  const present = keys.find((k) => entry.has(k));
  if (present !== undefined) throw new EditError(`sign-off #${index + 1} already has \`${present}\`; it is left as it is`);
  if (entry.flow) {
    if (inline === undefined) throw new EditError(`sign-off #${index + 1} is a flow mapping (\`{...}\`); rewrite it as a block mapping to add a signature`);
    const close = yaml.lastIndexOf('}', entry.range[1]);
    return splice(text, offset + close, offset + close, `, ${inline}`);
  }
  const firstKey = entry.items[0]?.key as Node | undefined;
  const keyStart = firstKey?.range?.[0] ?? entry.range[0];
  const indent = ' '.repeat(keyStart - lineStartOf(yaml, keyStart));
  const end = endOfContent(yaml, entry.range[1]);
  return splice(text, offset + end, offset + end, `\n${lines.map((l) => indent + l).join('\n')}`);
}

function frontmatter(text: string): { yaml: string; offset: number; doc: ReturnType<typeof parseDocument> } {
  const split = splitFrontmatter(text);
  if ('messageId' in split) throw new EditError(split.message);
  const doc = parseDocument(split.yaml, { keepSourceTokens: false, uniqueKeys: false });
  if (doc.errors.length > 0) throw new EditError(`the frontmatter does not parse (${doc.errors[0]?.message ?? 'error'}); fix it, then sign again`);
  return { yaml: split.yaml, offset: split.yamlOffset, doc };
}

/** The YAML lines of a new entry, each starting with `indent`. */
function entryLines(f: EntryFields, indent: string): string[] {
  const lines = [
    `- by: ${scalar(f.by)}`,
    `  date: ${f.date}`,
    `  status: ${scalar(f.status)}`,
    ...(f.arch !== undefined ? [`  arch: ${scalar(f.arch)}`] : []),
    ...(f.variant !== undefined ? [`  variant: ${scalar(f.variant)}`] : []),
    `  ref: ${scalar(f.ref)}`,
    ...claimLines(f.claim).map((l) => `  ${l}`),
    ...(f.signature !== undefined ? signatureLines(f.signature).map((l) => `  ${l}`) : []),
  ];
  return lines.map((l) => indent + l);
}

/** A stored claim as YAML lines: its digest, then each arch's cell digest. */
function claimLines(claim: StoredClaim): string[] {
  return ['claim:', `  sha256: ${claim.sha256}`, '  cells:', ...Object.entries(claim.cells).map(([arch, digest]) => `    ${arch}: ${digest}`)];
}

function signatureLines(armored: string): string[] {
  return ['signature: |', ...armored.trim().split(/\r?\n/).map((l) => `  ${l.trim()}`)];
}

/** A string as a YAML double-quoted scalar: always safe, whatever it holds. */
function scalar(value: string): string {
  return JSON.stringify(value);
}

function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

function lineStartOf(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function indentOf(text: string, lineStart: number): string {
  return /^[ ]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** `at` moved back over trailing whitespace and comment-only lines, to the end of the last content character. */
function endOfContent(text: string, at: number): number {
  let end = at;
  for (;;) {
    while (end > 0 && /\s/.test(text[end - 1] ?? '')) end--;
    const start = lineStartOf(text, end);
    const line = text.slice(start, end);
    if (/^\s*#/.test(line)) {
      end = start;
      continue;
    }
    return end;
  }
}
