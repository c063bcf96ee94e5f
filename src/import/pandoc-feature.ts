import path from 'node:path';
import { slug } from '../model/cells.js';
import { ALL_ARCHES, ARCH_VENDORS, ARCH_WORDS, archWordEntry, DEFAULT_ARCH_WORDS, type ArchWordEntry } from '../model/vocabulary.js';
import type { ArchEntry, FeatureData, KnownIssue, SupportFields } from '../types.js';
import { didYouMean } from '../validate/schema.js';
import type { ImportNote } from './support-md.js';

/** An architecture the importer can recognise in `Architecture:` rows. */
export interface PandocArch {
  /** Arch id of project.yml, e.g. `arm`. */
  id: string;
  /** Tested against each word of an `Architecture(s)` value, e.g. `/^(arm|arm64|aarch64)\b/i`. */
  pattern: RegExp;
  /** The arch's own id and name in project.yml: tried before any pattern, so `Arm64` is a project's `arm64` arch rather than its `arm` one. */
  names?: string[];
}

/** Options of {@link importPandocFeature}. */
export interface PandocFeatureOptions {
  /** Shown in notes and in the body's `Imported from …` trailer, e.g. `livepatch.pandoc`. */
  file: string;
  /** Section of the new feature. Default `Imported`. */
  section?: string;
  /** The project's status vocabulary. */
  statuses: string[];
  /** The project's architectures. Default {@link DEFAULT_PANDOC_ARCHES}: x86 and arm. */
  arches?: PandocArch[];
  /** Status written when the document states none (a feature must have one). Default `Experimental`. */
  defaultStatus?: string;
  /** Words that name one arch (`Intel VT-d` → x86), as `arch-words` in project.yml. Default {@link DEFAULT_ARCH_WORDS}. */
  archWords?: readonly ArchWordEntry[];
}

/** A feature converted from one pandoc feature document. */
export interface PandocFeature {
  id: string;
  /** Path under the features directory, e.g. `imported/live-patching.md`. */
  path: string;
  data: FeatureData;
  body: string;
  /** Where the title is in the document (1-based), for notes about the whole document. */
  titleAt: { line: number; column: number };
}

/** A placeholder that shows a document is the feature-document template, not a feature. */
export interface PandocPlaceholder {
  line: number;
  column: number;
  /** What it is, e.g. `placeholder title "Feature name"`. */
  what: string;
}

/** The feature-document template, recognised by its placeholders: no feature is made of it. */
export interface PandocTemplate {
  /** Place of the first placeholder. */
  line: number;
  column: number;
  /** Every placeholder found, in document order; at least two kinds. */
  placeholders: PandocPlaceholder[];
  /** Why the document is skipped, for the report. */
  message: string;
}

/**
 * What {@link importPandocFeature} produces: a feature, or, for the
 * template itself, the reason it is not one (never both).
 */
export type PandocFeatureImport = { feature: PandocFeature; template?: undefined; notes: ImportNote[] } | { template: PandocTemplate; feature?: undefined; notes: ImportNote[] };

/** x86 (x86_64, x86-32, amd64, i686) and arm (ARM, Arm, arm32, arm64, armv8, aarch64): the vocabulary's arch words. */
export const DEFAULT_PANDOC_ARCHES: PandocArch[] = ARCH_WORDS.map(({ id, pattern }) => ({ id, pattern }));

/** The section headings of the Xen feature-document template. */
const STANDARD_SECTIONS = ['basics', 'overview', 'user details', 'technical details', 'limitations', 'testing', 'areas for improvement', 'known issues', 'references', 'history'];

const ATX = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const FULL_RULE = /^ {0,3}-{3,}[ \t]*$/;
const COLUMN_RULE = /^ {0,3}-{2,}(?:[ \t]+-{2,})+[ \t]*$/;
const LATEX = /^\s*\\(?:clearpage|newpage|pagebreak)\s*$/;
const ROW = /^(\s*)([A-Za-z][A-Za-z ()/-]*?)\s*:\s*(.*?)\s*$/;
const BULLET = /^( {0,3})(?:[*+-]|\d+[.)])[ \t]+(.*)$/;
const TRAILER = /^Imported from .+ line \d+\.$/;

interface Heading {
  /** 0-based index of the heading's (first) line. */
  index: number;
  level: number;
  title: string;
  /** Lines it occupies: 1 for ATX, 2 for setext. */
  span: number;
}

interface Table {
  /** 0-based index after the table's last line. */
  end: number;
  header?: string[];
  rows: string[][];
}

/** One `Key: value` row of the Basics table. */
interface Row {
  key: string;
  value: string;
  line: number;
  /** 1-based column of the key. */
  column: number;
  /** 1-based column of the value. */
  valueColumn: number;
}

/** A status statement of the Basics table and the architectures listed after it. */
interface Group {
  status?: Row;
  arches: Array<{ id: string; row: Row }>;
}

/**
 * Converts a feature document written to the older pandoc template (title
 * block, `# Basics` table, standard sections, `# History` table) or a plain
 * markdown document with setext headings into one feature. Pure: the caller
 * decides where the file goes and whether it merges with an existing one.
 */
export function importPandocFeature(text: string, options: PandocFeatureOptions): PandocFeatureImport {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const notes: ImportNote[] = [];
  const arches = options.arches ?? DEFAULT_PANDOC_ARCHES;
  const archIds = arches.map((a) => a.id).filter((id, i, all) => all.indexOf(id) === i);
  const table = (options.archWords ?? DEFAULT_ARCH_WORDS).filter((e) => archIds.includes(e.arch));
  const section = options.section ?? 'Imported';

  // The pandoc title block: `% Title`, `% Revision N` (author slot), `% date`.
  let start = 0;
  let title: string | undefined;
  let titleLine = 1;
  let titleColumn = 1;
  while (start < lines.length && /^%/.test(lines[start] ?? '')) {
    const value = (lines[start] ?? '').replace(/^%\s*/, '').trim();
    if (start === 0 && value !== '') {
      title = value;
      titleColumn = (lines[0] ?? '').indexOf(value) + 1;
    }
    start++;
  }

  const inCode = codeLines(lines);
  const headings = findHeadings(lines, start, inCode);
  let titleHeading: Heading | undefined;
  if (title === undefined) {
    const first = headings[0];
    if (first && !STANDARD_SECTIONS.includes(first.title.toLowerCase())) {
      titleHeading = first;
      title = first.title;
      titleLine = first.index + 1;
      titleColumn = Math.max(1, (lines[first.index] ?? '').indexOf(first.title) + 1);
    } else {
      title = path.basename(options.file).replace(/\.[^.]*$/, '').replace(/[_\s]+/g, ' ').trim() || 'Untitled feature';
      notes.push({ line: 1, column: 1, kind: 'heuristic', message: `No title block (\`% Title\`) or title heading; the title "${title}" comes from the file name` });
    }
  }
  const bodyHeadings = headings.filter((h) => h !== titleHeading);
  const top = bodyHeadings.reduce((min, h) => Math.min(min, h.level), 6);
  const shift = 2 - top;
  const sectionOf = (name: RegExp): { heading: Heading; end: number } | undefined => {
    const heading = bodyHeadings.find((h) => h.level === top && name.test(h.title.trim()));
    if (!heading) return undefined;
    const next = bodyHeadings.find((h) => h.index > heading.index && h.level <= heading.level);
    return { heading, end: next?.index ?? lines.length };
  };

  // Basics: the support statement.
  const basics = sectionOf(/^basics$/i);
  const rows: Row[] = [];
  const basicsProse: string[] = [];
  if (basics) readBasics(lines, basics.heading.index + basics.heading.span, basics.end, rows, basicsProse);

  // The template itself (placeholders of two kinds or more) is no feature: it would import as a real, Supported one.
  const history = sectionOf(/^history$/i);
  const placeholders = templatePlaceholders(lines, start, inCode, { title, line: titleLine, column: titleColumn }, rows, [basics, history]);
  if (new Set(placeholders.map((p) => p.kind)).size >= 2) {
    const first = placeholders[0] as TemplatePlaceholder;
    const kinds = [...new Set(placeholders.map((p) => p.kind))].map((kind) => {
      const of = placeholders.filter((p) => p.kind === kind);
      const head = of[0] as TemplatePlaceholder;
      return `${head.what} at ${head.line}:${head.column}${of.length > 1 ? ` and ${of.length - 1} more` : ''}`;
    });
    const message = `Skipped: this is the feature-document template, not a feature (${kinds.join('; ')}); nothing imported — import a filled-in copy of it instead`;
    return { template: { line: first.line, column: first.column, placeholders: placeholders.map(({ line, column, what }) => ({ line, column, what })), message }, notes: [] };
  }

  const groups: Group[] = [];
  const components: string[] = [];
  const kept: string[] = [];
  // The template puts `Status` above its `Architecture(s)`; a document that starts with `Architecture` pairs each with the `Status` below it.
  const archFirst = /^arch/i.test(rows.find((r) => /^(status|arch)/i.test(r.key))?.key ?? '');
  for (const row of rows) {
    const key = row.key.toLowerCase().replace(/\(s\)$/, '').replace(/^(status|arch|architecture|component)e?s$/, '$1');
    if (isPlaceholder(row.value)) {
      notes.push({ line: row.line, column: row.valueColumn, kind: 'unmapped', message: `Unexpected template example \`${row.key}: ${row.value}\`, expected the document's own value; left out` });
      continue;
    }
    if (key === 'status') {
      if (withoutExample(row.value).replace(/[*_`]/g, '').trim() === '') {
        notes.push({ line: row.line, column: row.column, kind: 'unmapped', message: 'Empty Status row, left out' });
        continue;
      }
      const last = groups.at(-1);
      if (last && last.status === undefined) last.status = row;
      else groups.push({ status: row, arches: [] });
    } else if (key === 'architecture' || key === 'arch') {
      let group = groups.at(-1);
      if (!group || (archFirst && group.status !== undefined)) groups.push((group = { arches: [] }));
      // `N/A`, `None`, `-`: the row names no arch (so a status it goes with is not stated on any).
      if (saysNone(row.value)) {
        notes.push({ line: row.line, column: row.valueColumn, kind: 'unmapped', message: `\`${row.key}: ${row.value}\` names no arch; left out` });
        continue;
      }
      for (const part of archParts(row.value)) {
        const at = { line: row.line, column: row.valueColumn + part.offset };
        const found = archesOf(part.text, arches, archIds, table);
        if (found === undefined) {
          const near = didYouMean(part.text, archIds);
          notes.push({ ...at, kind: 'unmapped', message: `Unexpected architecture \`${part.text}\`${near ? ` (did you mean \`${near}\`?)` : ''}; left out — add it to project.yml (or a word of it to \`arch-words\`) or edit the imported file` });
          continue;
        }
        if (found.entry) notes.push({ ...at, kind: 'arch-word', message: `"${part.text}" read as ${found.entry.arch}, by the arch-word table ("${found.entry.word}" → ${found.entry.arch}; \`arch-words\` in project.yml)` });
        for (const id of found.ids) if (!group.arches.some((a) => a.id === id)) group.arches.push({ id, row });
      }
    } else if (key === 'component') {
      for (const word of withoutExample(row.value).replace(/[*_`]/g, '').split(/\s*[,;]\s*/)) {
        const name = word.trim().toLowerCase();
        if (name !== '' && !components.includes(name)) components.push(name);
      }
    } else {
      kept.push(`- ${row.key}: ${row.value}`);
      notes.push({ line: row.line, column: row.column, kind: 'unmapped', message: `Basics row \`${row.key}\` has no frontmatter field; kept in the body under "Basics"` });
    }
  }

  // A document whose Basics name no arch may still name one in its title (`x86: …`, `AMD IOMMU`) or Hardware row (`Intel VT-d`).
  if (!groups.some((g) => g.arches.length > 0)) {
    const hardware = rows.find((r) => /^hardware$/i.test(r.key) && !isPlaceholder(r.value));
    const placed = titleArch(title, { line: titleLine, column: titleColumn }, arches, table) ?? (hardware ? tableArch(hardware.value, { line: hardware.line, column: hardware.valueColumn }, table) : undefined);
    if (placed) {
      notes.push(placed.note);
      const row: Row = { key: 'Architecture', value: placed.id, line: placed.note.line, column: placed.note.column, valueColumn: placed.note.column };
      if (groups.length === 0) groups.push({ arches: [{ id: placed.id, row }] });
      for (const group of groups) group.arches.push({ id: placed.id, row });
    }
  }

  const data: FeatureData = { title, section };
  const summary = summaryOf(lines, sectionOf(/^overview$/i), bodyHeadings, start, titleHeading, basics, inCode);
  if (summary !== undefined) data.summary = summary;
  Object.assign(data, support(groups, archIds, options, notes, basics ? basics.heading.index + 1 : 1));

  const known = sectionOf(/^known issues?$/i);
  if (known) {
    const from = known.heading.index + known.heading.span;
    const issues = bulletItems(lines.slice(from, known.end), inCode.slice(from, known.end));
    // Without a list, each paragraph is an issue (a known issue is never dropped for being prose).
    const paragraphs = issues.length > 0 ? [] : paragraphsOf(lines, from, known.end, inCode);
    for (const p of paragraphs) if (!saysNone(p.text)) notes.push({ line: p.line, column: 1, kind: 'heuristic', message: `Known issues paragraph read as a known issue: "${shorten(p.text, 60)}"` });
    // `None` (`None.`, `None known`, `N/A`, `-`) says there is no known issue: it is not one.
    const real = [...issues, ...paragraphs.map((p) => p.text)].filter((summary) => !saysNone(summary));
    if (real.length > 0) data['known-issues'] = real.map((summary): KnownIssue => ({ summary }));
  }

  if (history) {
    const since = sinceOf(lines, history.heading.index + history.heading.span, history.end, inCode);
    if (since) {
      data.since = since.version;
      notes.push({ line: since.line, column: 1, kind: 'heuristic', message: `\`since: "${since.version}"\` taken from the earliest History row (${since.date})` });
    }
  }
  if (components.length > 0) data.components = components;

  // The body: everything after the title and the Basics table, headings one level under the title.
  const skip = new Set<number>();
  if (titleHeading) for (let k = 0; k < titleHeading.span; k++) skip.add(titleHeading.index + k);
  if (basics) for (let k = basics.heading.index; k < basics.end; k++) skip.add(k);
  const headingAt = new Map(bodyHeadings.map((h) => [h.index, h]));
  const out: string[] = [];
  const blank = (): void => {
    if (out.length > 0 && out.at(-1) !== '') out.push('');
  };
  for (let i = start; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (basics && i === basics.heading.index && (kept.length > 0 || basicsProse.length > 0)) {
      blank();
      out.push(`${'#'.repeat(Math.min(6, basics.heading.level + shift))} ${basics.heading.title}`, '', ...basicsProse, ...(basicsProse.length > 0 && kept.length > 0 ? [''] : []), ...kept, '');
    }
    if (skip.has(i)) continue;
    if (!inCode[i] && LATEX.test(raw)) continue;
    const heading = headingAt.get(i);
    if (heading) {
      blank();
      out.push(`${'#'.repeat(Math.min(6, Math.max(1, heading.level + shift)))} ${heading.title}`, '');
      i += heading.span - 1;
      continue;
    }
    const previous = out.at(-1);
    if (!inCode[i] && (previous === undefined || previous === '')) {
      const table = readTable(lines, i, inCode);
      if (table) {
        out.push(...gfmTable(table), '');
        i = table.end - 1;
        continue;
      }
    }
    out.push(raw.trimEnd());
  }
  const prose = out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const body = `${prose === '' ? `## Overview\n\n${title}.` : prose}\n\nImported from ${options.file} line ${titleLine}.\n`;

  const id = [slug(section.split('/')[0] ?? ''), slug(title) || 'feature'].filter(Boolean).join('/');
  notes.sort((a, b) => a.line - b.line || a.column - b.column);
  return { feature: { id, path: `${id}.md`, data, body, titleAt: { line: titleLine, column: titleColumn } }, notes };
}

/**
 * The status fields of the feature from the Basics statements. A status is
 * stated on the arches its `Architecture(s)` rows name; a status naming no
 * arch is `not-stated` on each arch no row names (never put on every arch),
 * and an arch named without a status applies with no status.
 */
function support(groups: Group[], archIds: string[], options: PandocFeatureOptions, notes: ImportNote[], basicsLine: number): Pick<FeatureData, 'status' | 'caveat' | 'arches'> {
  const out: Pick<FeatureData, 'status' | 'caveat' | 'arches'> = {};
  const stated = groups.filter((g) => g.status !== undefined);
  const whole = stated.filter((g) => g.arches.length === 0);
  const perArch = stated.filter((g) => g.arches.length > 0);
  const read = (row: Row): SupportFields => statusOf(row, options.statuses, notes);
  const inOrder = (ids: Iterable<string>): string[] => {
    const set = new Set(ids);
    return archIds.filter((id) => set.has(id));
  };
  const notStated = (ids: string[], row: Row | undefined): void => {
    if (ids.length === 0) return;
    const what = row ? `Status \`${row.value.replace(/[*_`]/g, '').trim()}\` names no arch` : 'No `Architecture(s)` row names an arch';
    notes.push({ line: row?.line ?? basicsLine, column: row?.valueColumn ?? 1, kind: 'not-stated', message: `${what}: its cells read \`not-stated\` on ${ids.join(', ')}; state the arches in the imported file (rule arch-not-stated), or add an \`Architecture(s)\` row to the document and import again` });
  };

  // Per-arch statements, the first for an arch kept; arches named without a status.
  const entries = new Map<string, SupportFields>();
  for (const group of perArch) {
    const fields = read(group.status as Row);
    for (const { id, row } of group.arches) {
      if (entries.has(id)) notes.push({ line: row.line, column: row.valueColumn, kind: 'heuristic', message: `Architecture ${id} has a second Status; the first one is kept` });
      else entries.set(id, fields);
    }
  }
  const bare = inOrder(groups.filter((g) => g.status === undefined).flatMap((g) => g.arches.map((a) => a.id))).filter((id) => !entries.has(id));

  const first = whole[0];
  for (const extra of whole.slice(1)) {
    const row = extra.status as Row;
    notes.push({ line: row.line, column: row.valueColumn, kind: 'heuristic', message: `Second Status without an Architecture, \`${row.value}\`, ignored; the first one is kept` });
  }
  if (first || stated.length === 0) {
    // One status for the feature: the document's own, or the default one.
    if (first) Object.assign(out, read(first.status as Row));
    else {
      const fallback = options.defaultStatus ?? 'Experimental';
      out.status = fallback;
      notes.push({ line: basicsLine, column: 1, kind: 'heuristic', message: `No Status in Basics; set to ${fallback} — edit the imported file` });
    }
    const named = new Set([...entries.keys(), ...bare]);
    // With no arch named at all, whether the feature exists on an arch is not stated either.
    const rest = archIds.filter((id) => !named.has(id) && (first !== undefined || named.size === 0));
    out.arches = Object.fromEntries(archIds.filter((id) => named.has(id) || rest.includes(id)).map((id): [string, ArchEntry] => [id, entries.has(id) ? { ...entries.get(id) } : bare.includes(id) ? 'applies' : 'not-stated']));
    notStated(rest, first?.status);
    return out;
  }
  // Statuses per arch only: one status on every named arch is the feature's, else each arch has its own.
  const distinct = new Set([...entries.values()].map((f) => JSON.stringify(f)));
  if (distinct.size === 1 && bare.length === 0) {
    Object.assign(out, entries.values().next().value);
    out.arches = Object.fromEntries(inOrder(entries.keys()).map((id) => [id, 'applies' as const]));
    return out;
  }
  out.arches = Object.fromEntries(inOrder([...entries.keys(), ...bare]).map((id): [string, ArchEntry] => [id, entries.has(id) ? { ...entries.get(id) } : 'applies']));
  return out;
}

/** `**Supported**`, `Tech Preview/Experimental`, `Supported, with caveats` → status fields. */
function statusOf(row: Row, statuses: string[], notes: ImportNote[]): SupportFields {
  const clean = withoutExample(row.value).replace(/[*_`]/g, '').trim().replace(/\.$/, '').trim();
  const fold = (s: string): string => s.toLowerCase().replace(/[\s_-]+/g, ' ').trim();
  const known = (name: string): string | undefined => statuses.find((s) => fold(s) === fold(name));
  const at = { line: row.line, column: row.valueColumn };
  const exact = known(clean);
  if (exact !== undefined) {
    if (exact !== clean) notes.push({ ...at, kind: 'heuristic', message: `"${clean}" read as ${exact}` });
    return { status: exact };
  }
  const parts = clean.split(/\s*\/\s*/);
  if (parts.length > 1) {
    const mapped = parts.map(known).find((s) => s !== undefined);
    if (mapped !== undefined) {
      notes.push({ ...at, kind: 'heuristic', message: `"${clean}" read as ${mapped}, the first status of the list that the project has` });
      return { status: mapped };
    }
  }
  const comma = /^([^,]+),\s*(.+)$/.exec(clean);
  const head = comma ? known(comma[1] ?? '') : undefined;
  if (comma && head !== undefined) {
    notes.push({ ...at, kind: 'heuristic', message: `"${clean}" read as ${head} with the caveat "${comma[2] ?? ''}"` });
    return { status: head, caveat: comma[2] ?? '' };
  }
  const near = didYouMean(clean, statuses) ?? parts.map((p) => didYouMean(p, statuses)).find((s) => s !== undefined);
  notes.push({ ...at, kind: 'unmapped', message: `Unexpected status \`${clean}\`${near ? ` (did you mean \`${near}\`?)` : ''}, kept verbatim; edit the imported file` });
  // The schema allows 100 characters.
  return { status: clean.length > 100 ? `${clean.slice(0, 97)}...` : clean };
}

/** One arch-naming part of an `Architecture(s)` value and its offset in the value. */
interface ArchPart {
  text: string;
  offset: number;
}

/**
 * The parts of an `Architecture(s)` value: a list or conjunction (`x86, Arm`,
 * `x86/ARM`, `x86 and Arm`, `x86 & Arm`, `x86 or Arm`, `both x86 and Arm`),
 * split outside brackets only, so `Arm (32 and 64 bit)` stays one part.
 */
function archParts(value: string): ArchPart[] {
  // Emphasis marks become spaces, so offsets still point into the row.
  const text = value.replace(/[*_`]/g, ' ');
  const parts: ArchPart[] = [];
  let depth = 0;
  let from = 0;
  const push = (to: number): void => {
    const raw = text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const both = /^both\s+/i.exec(raw.trimStart())?.[0].length ?? 0;
    const part = raw.trim().slice(both).trim();
    if (part !== '') parts.push({ text: part, offset: from + lead + both });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    if (depth > 0) continue;
    if (/[,;/&+]/.test(c)) {
      push(i);
      from = i + 1;
      continue;
    }
    const word = /^\s(?:and|or)\s/i.exec(text.slice(i));
    if (word) {
      push(i);
      from = i + word[0].length - 1;
      i = from - 1;
    }
  }
  push(text.length);
  return parts;
}

/**
 * The arches one part of an `Architecture(s)` value names: every arch for
 * `all`; the arch after a vendor (`Intel x86`, `AMD x86`); the project's own
 * arch names, then the vocabulary's words (`Arm64`, `x86_64`); else a word
 * of the arch-word table (`Intel VT-d`), which is returned with the ids.
 */
function archesOf(text: string, arches: PandocArch[], archIds: string[], table: readonly ArchWordEntry[]): { ids: string[]; entry?: ArchWordEntry } | undefined {
  if (ALL_ARCHES.test(text)) return { ids: archIds };
  const named = archNamed(text.replace(ARCH_VENDORS, ''), arches);
  if (named !== undefined) return { ids: [named] };
  const entry = archWordEntry(text, table);
  return entry ? { ids: [entry.arch], entry } : undefined;
}

/** The arch a text starts with, by the project's own names first, then by the arch patterns. */
function archNamed(text: string, arches: PandocArch[]): string | undefined {
  const lower = text.toLowerCase();
  const own = arches
    .flatMap((a) => (a.names ?? []).map((name) => ({ id: a.id, name: name.toLowerCase() })))
    .sort((a, b) => b.name.length - a.name.length)
    .find(({ name }) => lower === name || (lower.startsWith(name) && /^[^\p{L}\p{N}_-]/u.test(lower.slice(name.length))));
  return own?.id ?? arches.find((a) => a.pattern.test(text))?.id;
}

/** The arch a title starts with (`x86: Shadow paging`, `Arm64 SVE`), or one its words name by the arch-word table. */
function titleArch(title: string, at: { line: number; column: number }, arches: PandocArch[], table: readonly ArchWordEntry[]): { id: string; note: ImportNote } | undefined {
  const id = archNamed(title, arches);
  if (id !== undefined) return { id, note: { ...at, kind: 'heuristic', message: `The Basics name no arch and the title "${title}" names ${id}: its statement read as about ${id} only` } };
  return tableArch(title, at, table);
}

/** The arch a word of the arch-word table in `text` names, with the note the report lists. */
function tableArch(text: string, at: { line: number; column: number }, table: readonly ArchWordEntry[]): { id: string; note: ImportNote } | undefined {
  const entry = archWordEntry(text, table);
  if (!entry) return undefined;
  return { id: entry.arch, note: { ...at, kind: 'arch-word', message: `"${text}" read as ${entry.arch} only, by the arch-word table ("${entry.word}" → ${entry.arch}; \`arch-words\` in project.yml)` } };
}

/** Whether a known-issue item says there is none: `None`, `None.`, `none known`, `N/A`, `-`, `No known issues.` */
function saysNone(text: string): boolean {
  const bare = text
    .replace(/[*_`()]/g, '')
    .trim()
    .replace(/[.!]+$/, '')
    .trim()
    .toLowerCase();
  return /^(?:none(?: known| yet| so far| at (?:this time|present|the moment))?|nothing(?: known)?|n\/?a|not applicable|-+|–|—|(?:there are )?no(?: known)? (?:issues|bugs)(?: known)?(?: (?:yet|so far|at (?:this time|present|the moment)))?)$/.test(bare);
}

/** The prose paragraphs of lines `from`..`to` (not headings, lists, tables or code), each joined into one line. */
function paragraphsOf(lines: string[], from: number, to: number, inCode: boolean[]): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let current: string[] = [];
  let line = 0;
  for (let i = from; i <= to; i++) {
    const raw = i < to ? (lines[i] ?? '') : '';
    if (raw.trim() === '' || inCode[i] || LATEX.test(raw) || FULL_RULE.test(raw) || COLUMN_RULE.test(raw) || /^\s*[|>#]/.test(raw)) {
      const text = current.join(' ').replace(/\s+/g, ' ').trim();
      if (text !== '') out.push({ text, line });
      current = [];
      continue;
    }
    if (current.length === 0) line = i + 1;
    current.push(raw.trim());
  }
  return out;
}

/** A template placeholder, with the kind that counts towards recognising the template. */
interface TemplatePlaceholder extends PandocPlaceholder {
  kind: 'title' | 'revision' | 'example' | 'version' | 'instructions';
}

/** Titles that are the template's, not a feature's: `Feature name`, `Template for feature documents`, `<title>`. */
const PLACEHOLDER_TITLE = /^(?:(?:the )?(?:feature|document)(?: name| title)?|title|name|template|(?:a |the )?(?:\w+ )?template for (?:\w+ ){0,3}(?:feature )?doc(?:ument)?s?|(?:\w+ )?feature(?: document)? template|<[^>]*>|\[[^\]]*\]|\$\w+|x+|\.\.\.|…)$/i;

/** A Basics value that is the template's example, not a statement: `e.g. x86, arm`, `_where applicable_`, `<status>`, `...`. */
function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return /^e\.g\.?(?=[\s,]|$)/i.test(v) || /^[_*]+\s*(?:where applicable|if applicable|tbd|to be (?:written|decided|filled in)|\.\.\.|…)\s*[_*]+$/i.test(v) || /^(?:<[^>]*>|\.\.\.|…|tbd|xxx)$/i.test(v);
}

/**
 * Placeholders of the feature-document template, in document order: a
 * placeholder title, a `% Revision $N`, Basics values given as examples
 * (`e.g. x86, arm`), version and date placeholders (`Xen X.Y`,
 * `YYYY-MM-DD`, and `Xen 4.x` in Basics or History), and the template's
 * instructions ("This is a suggested template"). Code is never read.
 */
function templatePlaceholders(
  lines: string[],
  start: number,
  inCode: boolean[],
  title: { title: string; line: number; column: number },
  rows: Row[],
  sections: Array<{ heading: Heading; end: number } | undefined>,
): TemplatePlaceholder[] {
  const found: TemplatePlaceholder[] = [];
  if (PLACEHOLDER_TITLE.test(title.title.replace(/[*_`]/g, '').trim())) found.push({ line: title.line, column: title.column, kind: 'title', what: `placeholder title "${title.title}"` });
  for (let i = 0; i < start; i++) {
    const revision = /^%\s*revision\s+(\$\w+|[NX]|<[^>]*>|\.\.\.)\s*$/i.exec(lines[i] ?? '');
    if (revision) found.push({ line: i + 1, column: (lines[i] ?? '').lastIndexOf(revision[1] ?? '') + 1, kind: 'revision', what: `placeholder revision \`${revision[1] ?? ''}\`` });
  }
  for (const row of rows) if (isPlaceholder(row.value)) found.push({ line: row.line, column: row.valueColumn, kind: 'example', what: `example \`${row.key}: ${row.value}\`` });
  const inTables = (i: number): boolean => sections.some((s) => s !== undefined && i > s.heading.index && i < s.end);
  for (let i = start; i < lines.length; i++) {
    if (inCode[i]) continue;
    const raw = lines[i] ?? '';
    const version = /\bYYYY-MM-DD\b|\b[XN]\.[YM](?:\.[ZP])?\b/.exec(raw) ?? (inTables(i) ? /\b\d+\.[xX]\b/.exec(raw) : null);
    if (version) found.push({ line: i + 1, column: version.index + 1, kind: 'version', what: `placeholder \`${version[0]}\`` });
    const instructions = /\b(?:(?:a |this is a )?suggested template|template for (?:\w+ ){0,3}feature doc(?:ument)?s?|(?:copy|use) this template|replace (?:every|each|all|the) placeholders?)\b/i.exec(raw);
    if (instructions) found.push({ line: i + 1, column: instructions.index + 1, kind: 'instructions', what: `template instructions "${instructions[0]}"` });
  }
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The template's `e.g. x86, arm` read as `x86, arm`. */
function withoutExample(value: string): string {
  return value.replace(/^\s*e\.g\.,?\s*/i, '');
}

/** Which lines are inside fenced or indented code (never headings or tables). */
function codeLines(lines: string[]): boolean[] {
  const out: boolean[] = [];
  let fence: string | undefined;
  let previousBlank = true;
  let indented = false;
  for (const raw of lines) {
    const marker = FENCE.exec(raw)?.[1];
    if (fence !== undefined) {
      out.push(true);
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (marker !== undefined) {
      fence = marker;
      out.push(true);
      previousBlank = false;
      continue;
    }
    const blank = raw.trim() === '';
    // An indented block starts after a blank line (not inside a list item's paragraph).
    if (!blank) indented = /^(?: {4}|\t)/.test(raw) && (indented || previousBlank);
    out.push(!blank && indented);
    previousBlank = blank;
  }
  return out;
}

/** ATX and setext headings (a setext heading is one line of text after a blank line, underlined). */
function findHeadings(lines: string[], start: number, inCode: boolean[]): Heading[] {
  const out: Heading[] = [];
  for (let i = start; i < lines.length; i++) {
    if (inCode[i]) continue;
    const raw = lines[i] ?? '';
    const atx = ATX.exec(raw);
    if (atx) {
      const title = (atx[2] ?? '').trim();
      if (title !== '') out.push({ index: i, level: (atx[1] ?? '').length, title, span: 1 });
      continue;
    }
    const under = SETEXT.exec(lines[i + 1] ?? '');
    const before = i === start ? '' : (lines[i - 1] ?? '');
    const afterHeading = out.at(-1)?.index === i - (out.at(-1)?.span ?? 0);
    if (under && raw.trim() !== '' && !/^(?: {4}|\t)/.test(raw) && !BULLET.test(raw) && !/^\s*[|>]/.test(raw) && !COLUMN_RULE.test(raw) && !FULL_RULE.test(raw) && (before.trim() === '' || afterHeading)) {
      out.push({ index: i, level: (under[1] ?? '').startsWith('=') ? 1 : 2, title: raw.trim(), span: 2 });
      i++;
    }
  }
  return out;
}

/** The `Key: value` rows of the Basics section; other lines outside the table are prose. */
function readBasics(lines: string[], from: number, to: number, rows: Row[], prose: string[]): void {
  let inTable = false;
  let last: Row | undefined;
  for (let i = from; i < to; i++) {
    const raw = lines[i] ?? '';
    if (FULL_RULE.test(raw) || COLUMN_RULE.test(raw)) {
      inTable = !inTable;
      last = undefined;
      continue;
    }
    if (LATEX.test(raw)) continue;
    const match = ROW.exec(raw);
    const known = match ? /^(status|arch(itecture)?(\(s\)|s)?|component(\(s\)|s)?|hardware)$/i.test((match[2] ?? '').trim()) : false;
    if (match && (inTable || known)) {
      const column = (match[1] ?? '').length + 1;
      const value = match[3] ?? '';
      last = { key: (match[2] ?? '').trim(), value, line: i + 1, column, valueColumn: value === '' ? raw.length + 1 : raw.lastIndexOf(value) + 1 };
      rows.push(last);
      continue;
    }
    if (raw.trim() === '') {
      last = undefined;
      if (!inTable && prose.length > 0 && prose.at(-1) !== '') prose.push('');
      continue;
    }
    // A multiline table row continues its value on the next lines.
    if (inTable && last) last.value = `${last.value} ${raw.trim()}`.trim();
    else if (!inTable) prose.push(raw.trimEnd());
  }
  while (prose.at(-1) === '') prose.pop();
}

/** The first prose paragraph: of Overview, else of the text before the first section, else of the first section. */
function summaryOf(
  lines: string[],
  overview: { heading: Heading; end: number } | undefined,
  headings: Heading[],
  start: number,
  titleHeading: Heading | undefined,
  basics: { heading: Heading; end: number } | undefined,
  inCode: boolean[],
): string | undefined {
  const ranges: Array<[number, number]> = [];
  if (overview) ranges.push([overview.heading.index + overview.heading.span, overview.end]);
  const introStart = titleHeading ? titleHeading.index + titleHeading.span : start;
  const firstSection = headings.find((h) => h.index >= introStart);
  ranges.push([introStart, firstSection?.index ?? lines.length]);
  const next = headings.find((h) => h !== basics?.heading && h.index >= introStart && !/^(history|references|known issues?)$/i.test(h.title));
  if (next) ranges.push([next.index + next.span, headings.find((h) => h.index > next.index)?.index ?? lines.length]);
  for (const [from, to] of ranges) {
    let paragraph: string[] = [];
    for (let i = from; i <= to; i++) {
      const raw = i < to ? (lines[i] ?? '') : '';
      if (raw.trim() === '' || inCode[i] || LATEX.test(raw)) {
        const text = paragraph.join(' ').replace(/\s+/g, ' ').trim();
        if (text !== '') return shorten(text, 300);
        paragraph = [];
        continue;
      }
      const structural = BULLET.test(raw) || /^\s*[|>#%]/.test(raw) || FULL_RULE.test(raw) || COLUMN_RULE.test(raw) || SETEXT.test(raw);
      if (paragraph.length === 0 && structural) {
        // Skip the whole block: a list or a table is no summary.
        while (i + 1 < to && (lines[i + 1] ?? '').trim() !== '') i++;
        continue;
      }
      paragraph.push(raw.trim());
    }
  }
  return undefined;
}

/** `text` cut to at most `max` characters: at the end of a sentence when one ends in the second half, else at a word, with `...`. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const sentence = text.slice(0, max).lastIndexOf('. ');
  if (sentence >= max / 2) return text.slice(0, sentence + 1);
  const word = text.slice(0, max - 3).lastIndexOf(' ');
  return `${text.slice(0, word > max / 2 ? word : max - 3)}...`;
}

/** Top-level list items of a section, continuation lines and nested items joined into one line each. */
function bulletItems(lines: string[], inCode: boolean[]): string[] {
  const items: string[] = [];
  let current: string[] | undefined;
  let blankBefore = false;
  const flush = (): void => {
    const text = (current ?? []).join(' ').replace(/\s+/g, ' ').trim().replace(/[;,]$/, '');
    if (text !== '') items.push(shorten(text, 10000));
    current = undefined;
  };
  lines.forEach((raw, i) => {
    if (raw.trim() === '') {
      blankBefore = true;
      return;
    }
    const bullet = BULLET.exec(raw);
    if (bullet && !inCode[i]) {
      flush();
      current = [bullet[2] ?? ''];
    } else if (current && (!blankBefore || /^\s/.test(raw))) {
      current.push(raw.trim().replace(/^(?:[*+-]|\d+[.)])[ \t]+/, ''));
    } else flush();
    blankBefore = false;
  });
  flush();
  return items;
}

/** The release of the earliest History row with a version: `Xen 4.8` → `4.8`. */
function sinceOf(lines: string[], from: number, to: number, inCode: boolean[]): { version: string; date: string; line: number } | undefined {
  for (let i = from; i < to; i++) {
    if (inCode[i]) continue;
    const table = readTable(lines, i, inCode);
    if (!table?.header) continue;
    const version = table.header.findIndex((h) => /version|release/i.test(h));
    const date = table.header.findIndex((h) => /date/i.test(h));
    if (version === -1) continue;
    const found: Array<{ version: string; date: string; key: number; order: number }> = [];
    table.rows.forEach((row, order) => {
      const number = /\d+(?:\.\d+)+/.exec(row[version] ?? '')?.[0];
      if (number === undefined) return;
      const day = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(row[date] ?? '');
      const key = day ? Number(day[1]) * 10000 + Number(day[2]) * 100 + Number(day[3]) : Number.POSITIVE_INFINITY;
      found.push({ version: number, date: row[date] ?? '', key, order });
    });
    found.sort((a, b) => a.key - b.key || a.order - b.order);
    const earliest = found[0];
    if (!earliest) return undefined;
    const rowLine = lines.findIndex((l, k) => k >= i && k < table.end && l.includes(earliest.date) && l.includes(earliest.version));
    return { version: earliest.version, date: earliest.date, line: (rowLine === -1 ? i : rowLine) + 1 };
  }
  return undefined;
}

/**
 * A pandoc simple or multiline table starting at line `i`: a header line over
 * a rule of dash columns, optionally framed by full-width rules; or a
 * headerless table between two rules of dash columns.
 */
function readTable(lines: string[], i: number, inCode: boolean[]): Table | undefined {
  const line = (k: number): string => lines[k] ?? '';
  const isRule = (k: number): boolean => !inCode[k] && (FULL_RULE.test(line(k)) || COLUMN_RULE.test(line(k)));
  const stop = (k: number): boolean => k >= lines.length || (!inCode[k] && ATX.test(line(k)));
  // Where the table closes: the next rule before a heading or two blank lines.
  const closing = (from: number): number | undefined => {
    for (let k = from; !stop(k); k++) {
      if (isRule(k)) return k;
      if (line(k).trim() === '' && line(k + 1).trim() === '') return undefined;
    }
    return undefined;
  };
  const untilBlank = (from: number): number => {
    let k = from;
    while (!stop(k) && line(k).trim() !== '' && !isRule(k)) k++;
    return k;
  };
  let header: string[] | undefined;
  let columns: number[];
  let body: number;
  let end: number;
  if (FULL_RULE.test(line(i)) && !COLUMN_RULE.test(line(i))) {
    let k = i + 1;
    while (!stop(k) && line(k).trim() !== '' && !isRule(k)) k++;
    if (k === i + 1 || !COLUMN_RULE.test(line(k))) return undefined;
    columns = starts(line(k));
    header = cells(lines.slice(i + 1, k), columns);
    body = k + 1;
    const close = closing(body);
    end = close ?? untilBlank(body);
    return { header, rows: rowsOf(lines.slice(body, end), columns), end: close !== undefined ? close + 1 : end };
  }
  if (COLUMN_RULE.test(line(i))) {
    columns = starts(line(i));
    body = i + 1;
    const close = closing(body);
    if (close === undefined) return undefined;
    return { rows: rowsOf(lines.slice(body, close), columns), end: close + 1 };
  }
  if (line(i).trim() !== '' && COLUMN_RULE.test(line(i + 1)) && !BULLET.test(line(i)) && !ATX.test(line(i))) {
    columns = starts(line(i + 1));
    header = cells([line(i)], columns);
    body = i + 2;
    end = untilBlank(body);
    return { header, rows: rowsOf(lines.slice(body, end), columns), end: COLUMN_RULE.test(line(end)) ? end + 1 : end };
  }
  return undefined;
}

function starts(rule: string): number[] {
  return [...rule.matchAll(/-+/g)].map((m) => m.index);
}

function cells(block: string[], columns: number[]): string[] {
  return columns.map((from, j) =>
    block
      .map((l) => l.slice(from, columns[j + 1] ?? l.length).trim())
      .filter((c) => c !== '')
      .join(' '),
  );
}

/** Rows of a table body: blank-line separated blocks when there are blank lines, else one row per line. */
function rowsOf(block: string[], columns: number[]): string[][] {
  const groups: string[][] = [];
  if (block.some((l) => l.trim() === '')) {
    let current: string[] = [];
    for (const l of [...block, '']) {
      if (l.trim() === '') {
        if (current.length > 0) groups.push(current);
        current = [];
      } else current.push(l);
    }
  } else for (const l of block) groups.push([l]);
  return groups.map((g) => cells(g, columns));
}

/** A GFM pipe table (what the site renders) for a pandoc table. */
function gfmTable(table: Table): string[] {
  const width = Math.max(table.header?.length ?? 0, ...table.rows.map((r) => r.length));
  const row = (values: string[]): string => `| ${Array.from({ length: width }, (_, j) => (values[j] ?? '').replace(/\|/g, '\\|')).join(' | ')} |`;
  return [row(table.header ?? []), `|${' --- |'.repeat(width)}`, ...table.rows.map(row)];
}

/** Whether a body line is an `Imported from <file> line <n>.` trailer. */
export function isImportTrailer(line: string): boolean {
  return TRAILER.test(line.trim());
}
