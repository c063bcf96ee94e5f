import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { matchFeature, type MatchHow } from '../../import/feature-match.js';
import { DEFAULT_PANDOC_ARCHES, importPandocFeature, isImportTrailer, type PandocArch, type PandocFeature } from '../../import/pandoc-feature.js';
import type { ImportNote } from '../../import/support-md.js';
import { splitFrontmatter } from '../../load/frontmatter.js';
import { BASELINE_FILE, loadCorpus, PROJECT_FILE, toPosix } from '../../load/corpus.js';
import { unsignedCells } from '../../model/resolve.js';
import type { Arch, ArchEntry, BaselineEntry, Diagnostic, FeatureData, KnownIssue, SupportFields } from '../../types.js';
import { UsageError } from '../errors.js';
import { check } from './check.js';
import { assertNoLinkedParents, assertWritableBelow, ensureDirectory } from './output.js';
import { featureFileText, yaml } from '../../import/feature-file.js';
import { BASELINE_HEADER } from './import.js';

/** Options of {@link importPandocFeatureFiles}. */
export interface ImportPandocOptions {
  cwd: string;
  /** The pandoc feature documents to read. */
  files: string[];
  /** Features directory (holding project.yml) to write into. */
  out: string;
  /** Section of new features; default `Imported`. Added to project.yml when missing. */
  section?: string;
  today: string;
}

/** A note of the importer, with the document it is about. */
export interface PandocImportNote extends Omit<ImportNote, 'kind'> {
  /** The document as given in `files`. */
  file: string;
  /**
   * Those of `import support-md`, and: `matched`, the feature a document was
   * merged into and how it was found; `skipped`, a document that is the
   * template, not a feature; `ambiguous`, a document whose title matches
   * several features, not imported.
   */
  kind: ImportNote['kind'] | 'matched' | 'skipped' | 'ambiguous';
}

/** A document merged into an existing feature file, and how the file was found. */
export interface PandocMatch {
  /** The document as given in `files`. */
  file: string;
  /** The feature file, relative to `cwd`. */
  target: string;
  how: MatchHow;
  /** The document's title and the feature's. */
  title: string;
  targetTitle: string;
}

/** A document that was not imported, and why. */
export interface PandocSkipped {
  /** The document as given in `files`. */
  file: string;
  /** `template`: the feature-document template itself; `ambiguous`: its title matches several features. */
  reason: 'template' | 'ambiguous';
  line: number;
  column: number;
  message: string;
}

/** What {@link importPandocFeatureFiles} did. */
export interface ImportPandocResult {
  /** New feature files, relative to `cwd`. */
  written: string[];
  /** Existing feature files the documents were merged into, relative to `cwd`. */
  merged: string[];
  /** Each merge: document, feature file and how they were matched, in the order of `files`. */
  matches: PandocMatch[];
  /** Documents not imported, in the order of `files`. */
  skipped: PandocSkipped[];
  notes: PandocImportNote[];
  /** Findings of `check` on the corpus afterwards (with the baseline). */
  diagnostics: Diagnostic[];
}


/** A feature file of the corpus, or one written by this run. */
interface Known {
  id: string;
  title: string;
  aliases?: string[];
  /** Absolute path. */
  abs: string;
}

/**
 * Imports pandoc feature documents into an existing features directory.
 * The template itself is recognised by its placeholders and skipped. A
 * document that matches a feature — by id, alias, exact title or fuzzy
 * title (see {@link matchFeature}) — is merged into that file: its
 * frontmatter keeps the support statement (status, arches, variants,
 * caveats, known issues, sign-offs) and gains the document's components,
 * `since`, summary and the known issues and caveats it does not have yet;
 * the body gains the document's prose. A title that matches several
 * features is reported and not imported. Other documents become new files.
 * New cells that need a sign-off go into the baseline, then the corpus is
 * checked.
 */
export async function importPandocFeatureFiles(options: ImportPandocOptions): Promise<ImportPandocResult> {
  const out = path.resolve(options.cwd, options.out);
  await assertNoLinkedParents(options.cwd, out);
  const show = (abs: string): string => toPosix(path.relative(options.cwd, abs));
  const hasProject = await stat(path.join(out, PROJECT_FILE)).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!hasProject) {
    throw new UsageError(
      `No ${PROJECT_FILE} in ${options.out}; create the features directory first with \`support-matrix import support-md <SUPPORT.md> --out ${options.out}\` or \`support-matrix init ${options.out}\`, then import the pandoc documents into it`,
    );
  }
  // Before anything is written: the files this import edits (project.yml in
  // addSections, the baseline in appendBaseline) must be regular files of the directory.
  await assertWritableBelow(out, path.join(out, PROJECT_FILE));
  await assertWritableBelow(out, path.join(out, BASELINE_FILE));
  const corpus = await loadCorpus(out, { cwd: options.cwd });
  const unusable = corpus.diagnostics.find((d) => path.posix.basename(d.file) === BASELINE_FILE && d.severity === 'error');
  if (unusable) throw new UsageError(`${unusable.file} cannot be read (${unusable.message}); fix it, then import again`);
  const statuses = corpus.project.statuses.map((s) => s.name);
  const arches = archPatterns(corpus.project.architectures);
  const known: Known[] = corpus.features.map((f) => ({ id: f.id, title: f.data.title, ...(f.data.aliases ? { aliases: f.data.aliases } : {}), abs: path.resolve(options.cwd, f.file) }));

  const written: string[] = [];
  const merged: string[] = [];
  const matches: PandocMatch[] = [];
  const skipped: PandocSkipped[] = [];
  const notes: PandocImportNote[] = [];
  const newIds: string[] = [];
  const newSections = new Set<string>();
  for (const file of options.files) {
    const text = await readFile(path.resolve(options.cwd, file), 'utf8').catch(() => {
      throw new UsageError(`Cannot read ${file}; give the path of a pandoc feature document`);
    });
    const name = path.basename(file);
    const result = importPandocFeature(text, { file: name, statuses, arches, archWords: corpus.project.archWords, ...(options.section !== undefined ? { section: options.section } : {}) });
    const note = (n: Omit<PandocImportNote, 'file'>): void => {
      notes.push({ file, ...n });
    };
    if (result.template) {
      const { line, column, message } = result.template;
      skipped.push({ file, reason: 'template', line, column, message });
      note({ line, column, kind: 'skipped', message });
      continue;
    }
    const feature = result.feature;
    const title = feature.data.title;
    const at = feature.titleAt;
    const match = matchFeature({ id: feature.id, title }, known);
    if (match.kind === 'ambiguous') {
      const listed = match.candidates.map((k) => `"${k.title}" (${show(k.abs)})`).join(', ');
      const message = `Not imported: "${title}" matches ${match.candidates.length} features by ${HOW_WORDS[match.how]}, ${listed}, and none is preferred; add \`aliases: [${feature.id}]\` to the feature it belongs to (or give the document that feature's exact title), then import it again`;
      skipped.push({ file, reason: 'ambiguous', line: at.line, column: at.column, message });
      note({ line: at.line, column: at.column, kind: 'ambiguous', message });
      continue;
    }
    result.notes.forEach(note);
    if (match.kind === 'match') {
      const target = match.target;
      const how =
        match.how === 'id'
          ? `by id \`${target.id}\``
          : match.how === 'alias'
            ? `by alias: \`${feature.id}\` is an alias of \`${target.id}\``
            : match.how === 'title'
              ? `by title "${title}"`
              : `by fuzzy title: "${title}" ~ "${target.title}"${match.distance ? ` (${match.distance} ${match.distance === 1 ? 'edit' : 'edits'} apart)` : ''}`;
      note({ line: at.line, column: at.column, kind: 'matched', message: `Merged into ${show(target.abs)}, matched ${how}; its status, arches, variants, caveats, known issues and sign-offs are kept` });
      matches.push({ file, target: show(target.abs), how: match.how, title, targetTitle: target.title });
      await assertWritableBelow(out, target.abs);
      await writeFile(target.abs, await merge(target.abs, show(target.abs), feature, note));
      if (!merged.includes(show(target.abs))) merged.push(show(target.abs));
      continue;
    }
    let rel = feature.path;
    for (let k = 2; await exists(path.join(out, rel)); k++) rel = feature.path.replace(/\.md$/, `-${k}.md`);
    const abs = path.join(out, rel);
    await assertWritableBelow(out, abs);
    await ensureDirectory(path.dirname(abs));
    // `wx`: a file that appeared meanwhile is not replaced.
    await writeFile(abs, featureFileText(feature.data, feature.body), { flag: 'wx' });
    const id = rel.replace(/\.md$/, '');
    known.push({ id, title, abs });
    newIds.push(id);
    newSections.add(feature.data.section);
    written.push(show(abs));
  }

  await addSections(
    path.join(out, PROJECT_FILE),
    [...newSections].filter((s) => !corpus.project.sections.some((x) => x.name === s)),
  );

  // The baseline: every new cell the policy wants signed, since none is yet (as `import support-md` does).
  const first = await check({ cwd: options.cwd, dir: out, today: options.today, releases: false });
  const { corpus: after } = first;
  const exempt = unsignedCells(after.features.filter((f) => newIds.includes(f.id)), after.project, after.roster, options.today, after.baseline);
  if (exempt.length === 0) return { written, merged, matches, skipped, notes, diagnostics: first.diagnostics };
  await appendBaseline(path.join(out, BASELINE_FILE), exempt);
  const final = await check({ cwd: options.cwd, dir: out, today: options.today, releases: false });
  return { written, merged, matches, skipped, notes, diagnostics: final.diagnostics };
}

/** How a match was made, in the report's words. */
export const HOW_WORDS: Record<MatchHow, string> = { id: 'id', alias: 'alias', title: 'title', 'fuzzy-title': 'fuzzy title' };

/** Arch patterns of the project: the built-in ones for x86 and arm, and each arch's id and name (tried first). */
export function archPatterns(architectures: Arch[]): PandocArch[] {
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return architectures.map((arch) => {
    const own = `(?:${[arch.id, arch.name].map(escape).join('|')})(?![\\w-])`;
    const builtIn = DEFAULT_PANDOC_ARCHES.find((d) => d.id === arch.id.toLowerCase());
    const source = builtIn ? `^(?:${builtIn.pattern.source.replace(/^\^/, '')}|${own})` : `^${own}`;
    return { id: arch.id, pattern: new RegExp(source, 'i'), names: [arch.id, arch.name] };
  });
}

/**
 * The merged file: the existing frontmatter edited in place (comments kept),
 * the document's prose in the body. Nothing of the feature file is removed:
 * its support statement, caveats and known issues stay as they are; where
 * the document disagrees, its caveats and known issues are added as known
 * issues and the difference is a note; earlier prose the document does not
 * have stays in the body.
 */
async function merge(file: string, shown: string, feature: PandocFeature, note: (n: ImportNote) => void): Promise<string> {
  const text = await readFile(file, 'utf8');
  const split = splitFrontmatter(text.replace(/^\uFEFF/, ''));
  if ('messageId' in split) throw new UsageError(`${shown}:${split.line}:1: ${split.message}; fix the feature file, then import again`);
  const doc = parseDocument(split.yaml);
  doc.setSchema('1.1');
  const current = (doc.toJS() ?? {}) as FeatureData;
  const adds = feature.data;
  const at = feature.titleAt;
  const fold = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  const clip = (s: string): string => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

  if (current.summary === undefined && adds.summary !== undefined) insertAfter(doc, 'section', 'summary', adds.summary);
  if (adds.components) {
    const have = (current.components ?? []).map((c) => c.toLowerCase());
    const extra = adds.components.filter((c) => !have.includes(c.toLowerCase()));
    if (!isSeq(doc.get('components'))) {
      if (extra.length > 0) doc.set('components', extra);
    } else for (const c of extra) doc.addIn(['components'], c);
  }
  if (adds.since !== undefined) {
    if (current.since === undefined) doc.set('since', adds.since);
    else if (String(current.since) !== adds.since) note({ ...at, kind: 'heuristic', message: `Kept \`since: "${String(current.since)}"\` of the feature file; the document's History says ${adds.since}` });
  }

  // Known issues: every one of the feature file stays; the document's are added, and so are its caveats the file does not state.
  const issues = current['known-issues'] ?? [];
  const added: KnownIssue[] = [];
  const has = (summary: string): boolean => [...issues, ...added].some((i) => fold(i.summary) === fold(summary));
  for (const issue of adds['known-issues'] ?? []) if (!has(issue.summary)) added.push(issue);
  const stated = caveatsOf(current);
  for (const [caveat, on] of documentCaveats(adds)) {
    if (stated.some((c) => fold(c.caveat) === fold(caveat)) || has(caveat)) continue;
    const where = on.length > 0 ? ` on ${on.join(', ')}` : '';
    const there = [...new Set((on.length > 0 ? on : [undefined]).map((arch) => caveatAt(current, arch)))].filter((c): c is string => c !== undefined);
    const kept = there.length > 0 ? `the feature file's caveat there, ${there.map((c) => `"${clip(c)}"`).join(', ')}, is kept` : 'the feature file states no caveat there and keeps its statement';
    note({ ...at, kind: 'heuristic', message: `The document states the caveat "${clip(caveat)}"${where}; ${kept}, and the document's is added as a known issue (\`effect: caveat\`)` });
    added.push({ summary: caveat, effect: 'caveat', ...(on.length > 0 ? { arches: on } : {}) });
  }
  if (added.length > 0) {
    if (isSeq(doc.get('known-issues'))) for (const issue of added) doc.addIn(['known-issues'], issue);
    else doc.set('known-issues', added);
  }
  const unlisted = issues.filter((i) => !(adds['known-issues'] ?? []).some((a) => fold(a.summary) === fold(i.summary)));
  if (unlisted.length > 0) {
    const listed = unlisted.map((i) => `"${clip(i.advisory !== undefined ? `${i.advisory}: ${i.summary}` : i.summary)}"`).join(', ');
    const said = adds['known-issues'] === undefined ? 'lists no known issues' : `does not list ${unlisted.length === 1 ? 'this one' : 'these'}`;
    note({ ...at, kind: 'heuristic', message: `Kept the feature file's known ${unlisted.length === 1 ? 'issue' : 'issues'} ${listed}; the document ${said}` });
  }

  const said = describe(adds);
  const kept = describe(current);
  if (said !== kept) note({ ...at, kind: 'heuristic', message: `The document says ${said}; the feature file's support statement, ${kept}, is kept` });

  const prose = feature.body
    .split('\n')
    .filter((l) => !isImportTrailer(l))
    .join('\n')
    .trim();
  // The body: the document's prose, and the feature file's earlier prose that the document does not have (say, a caveat of the support statement).
  const flat = (s: string): string => s.replace(/\s+/g, ' ').trim();
  const before = split.body
    .split(/\r?\n/)
    .filter((l) => !isImportTrailer(l))
    .join('\n')
    .trim();
  let earlier = flat(before
    .split('\n')
    .filter((l) => !/^#{1,6}\s/.test(l))
    .join('\n'));
  for (const known of [current.summary, `${current.title}.`]) if (known !== undefined) earlier = flat(earlier.replace(flat(known), ''));
  let body = prose;
  if (flat(before).includes(flat(prose))) body = before;
  else if (earlier !== '' && !flat(prose).includes(earlier)) {
    body = `${prose}\n\n## ${EARLIER_HEADING}\n\n${before}`;
    note({ ...at, kind: 'heuristic', message: `Kept the feature file's earlier prose ("${clip(earlier)}"), which the document does not have, under "${EARLIER_HEADING}" below the document's; merge the two by hand` });
  }
  const trailers = [...split.body.split(/\r?\n/), ...feature.body.split('\n')].filter(isImportTrailer).map((l) => l.trim());
  return `---\n${doc.toString({ lineWidth: 0 })}---\n\n${body}\n\n${[...new Set(trailers)].join('\n\n')}\n`;
}

/** The heading under which a merge keeps a feature file's earlier prose. */
const EARLIER_HEADING = 'Earlier text of this feature';

/** Every caveat a feature file states: the feature's, each arch override's, each variant's and its arch overrides'. */
function caveatsOf(data: FeatureData): Array<{ caveat: string }> {
  const out: Array<{ caveat: string }> = [];
  const take = (fields: SupportFields | undefined): void => {
    if (fields?.caveat !== undefined) out.push({ caveat: fields.caveat });
  };
  const overrides = (arches: Record<string, ArchEntry> | string[] | undefined): void => {
    if (arches && !Array.isArray(arches)) for (const e of Object.values(arches)) if (typeof e === 'object') take(e);
  };
  take(data);
  overrides(data.arches);
  for (const v of data.variants ?? []) {
    take(v);
    overrides(v.arches);
  }
  return out;
}

/** The caveat of a feature file's own row on an arch (its override's, else the feature's). */
function caveatAt(data: FeatureData, arch: string | undefined): string | undefined {
  const entry = arch !== undefined ? data.arches?.[arch] : undefined;
  return (typeof entry === 'object' ? entry.caveat : undefined) ?? data.caveat;
}

/** The caveats a converted document states, each with the arches it is stated on (none: the feature's own). */
function documentCaveats(data: FeatureData): Array<[string, string[]]> {
  const out = new Map<string, string[]>();
  if (data.caveat !== undefined) out.set(data.caveat, []);
  for (const [arch, e] of Object.entries(data.arches ?? {})) {
    if (typeof e !== 'object' || e.caveat === undefined) continue;
    const on = out.get(e.caveat);
    if (on === undefined) out.set(e.caveat, [arch]);
    else if (on.length > 0) on.push(arch);
  }
  return [...out];
}

/** `Supported`, `Supported (arch not stated)` or `x86: Supported, arm: Tech Preview`, for notes. */
function describe(data: Pick<FeatureData, 'status' | 'arches' | 'variants'>): string {
  const entries = Object.entries(data.arches ?? {});
  const own = data.status !== undefined && !entries.some(([, e]) => typeof e === 'object' && e.status !== undefined) ? data.status : undefined;
  if (own !== undefined) {
    const on = (state: string): string[] => entries.filter(([, e]) => (typeof e === 'string' ? e : 'applies') === state).map(([a]) => a);
    const others = entries.filter(([, e]) => typeof e === 'string' && e !== 'applies' && e !== 'not-stated').map(([a, e]) => `${a}: ${String(e)}`);
    const applies = on('applies');
    const unstated = on('not-stated');
    return [own, applies.length > 0 ? `on ${applies.join(', ')}` : '', unstated.length > 0 ? `(arch not stated${applies.length > 0 ? ` on ${unstated.join(', ')}` : ''})` : '', others.length > 0 ? `(${others.join(', ')})` : ''].filter((p) => p !== '').join(' ');
  }
  const entry = (e: ArchEntry): string => {
    if (typeof e === 'object') return e.status ?? data.status ?? 'no status';
    if (e === 'applies' || e === 'not-stated') return `${data.status ?? 'no status'}${e === 'not-stated' ? ' (arch not stated)' : ''}`;
    return e;
  };
  const arches = entries.map(([arch, e]) => `${arch}: ${entry(e)}`);
  if (arches.length === 0 && (data.variants ?? []).length > 0) return 'statuses per variant';
  return arches.join(', ') || 'no status';
}

/** Sets `key` right after `after` (or at the end) of the top-level mapping. */
function insertAfter(doc: Document, after: string, key: string, value: unknown): void {
  const map = doc.contents;
  if (!isMap(map)) {
    doc.set(key, value);
    return;
  }
  const index = map.items.findIndex((pair) => (typeof pair.key === 'object' && pair.key !== null && 'value' in pair.key ? pair.key.value : pair.key) === after);
  const pair = doc.createPair(key, value);
  if (index === -1) map.items.push(pair);
  else map.items.splice(index + 1, 0, pair);
}

/** Adds sections to project.yml, keeping its comments. */
async function addSections(file: string, sections: string[]): Promise<void> {
  if (sections.length === 0) return;
  const doc = parseDocument(await readFile(file, 'utf8'));
  doc.setSchema('1.1');
  const current = doc.get('sections');
  if (isSeq(current)) for (const s of sections) doc.addIn(['sections'], s);
  else doc.set('sections', sections);
  await writeFile(file, doc.toString({ lineWidth: 0 }));
}

/** Appends entries to signoff-baseline.yml, creating it like `import support-md` does. */
async function appendBaseline(file: string, entries: BaselineEntry[]): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) {
    await writeFile(file, `${BASELINE_HEADER}${yaml({ exempt: entries })}`);
    return;
  }
  const doc = parseDocument(text);
  doc.setSchema('1.1');
  const exempt = doc.get('exempt');
  if (isSeq(exempt) && exempt.items.length > 0) {
    for (const entry of entries) doc.addIn(['exempt'], entry);
  } else doc.set('exempt', entries);
  await writeFile(file, doc.toString({ lineWidth: 0 }));
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
