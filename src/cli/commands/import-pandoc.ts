import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { DEFAULT_PANDOC_ARCHES, importPandocFeature, isImportTrailer, type PandocArch, type PandocFeature } from '../../import/pandoc-feature.js';
import type { ImportNote } from '../../import/support-md.js';
import { splitFrontmatter } from '../../load/frontmatter.js';
import { BASELINE_FILE, loadCorpus, PROJECT_FILE, toPosix } from '../../load/corpus.js';
import { unsignedCells } from '../../model/resolve.js';
import type { Arch, ArchEntry, BaselineEntry, Diagnostic, FeatureData, KnownIssue } from '../../types.js';
import { UsageError } from '../errors.js';
import { check } from './check.js';
import { assertNoLinkedParents, assertWritableBelow, ensureDirectory } from './output.js';
import { BASELINE_HEADER, yaml } from './import.js';

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
export interface PandocImportNote extends ImportNote {
  /** The document as given in `files`. */
  file: string;
}

/** What {@link importPandocFeatureFiles} did. */
export interface ImportPandocResult {
  /** New feature files, relative to `cwd`. */
  written: string[];
  /** Existing feature files the documents were merged into, relative to `cwd`. */
  merged: string[];
  notes: PandocImportNote[];
  /** Findings of `check` on the corpus afterwards (with the baseline). */
  diagnostics: Diagnostic[];
}


/** A feature file of the corpus, or one written by this run. */
interface Known {
  id: string;
  title: string;
  /** Absolute path. */
  abs: string;
}

/**
 * Imports pandoc feature documents into an existing features directory.
 * A document whose id, or else whose title, matches a feature is merged into
 * that file: its frontmatter keeps the support statement (status, arches,
 * variants, sign-offs) and gains the document's components, `since`, known
 * issues and summary; the body becomes the document's prose. Other documents
 * become new files. New cells that need a sign-off go into the baseline, then
 * the corpus is checked.
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
  const known: Known[] = corpus.features.map((f) => ({ id: f.id, title: f.data.title, abs: path.resolve(options.cwd, f.file) }));

  const written: string[] = [];
  const merged: string[] = [];
  const notes: PandocImportNote[] = [];
  const newIds: string[] = [];
  const newSections = new Set<string>();
  for (const file of options.files) {
    const text = await readFile(path.resolve(options.cwd, file), 'utf8').catch(() => {
      throw new UsageError(`Cannot read ${file}; give the path of a pandoc feature document`);
    });
    const name = path.basename(file);
    const result = importPandocFeature(text, { file: name, statuses, arches, ...(options.section !== undefined ? { section: options.section } : {}) });
    const note = (n: ImportNote): void => {
      notes.push({ file, ...n });
    };
    result.notes.forEach(note);
    const feature = result.feature;
    const fold = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();
    const byId = known.find((k) => k.id.toLowerCase() === feature.id.toLowerCase());
    const byTitle = byId ? [] : known.filter((k) => fold(k.title) === fold(feature.data.title));
    const target = byId ?? byTitle[0];
    if (target) {
      const how = byId ? `its id \`${target.id}\`` : `its title "${feature.data.title}"`;
      const others = byTitle.length > 1 ? ` (also matches ${byTitle.slice(1).map((k) => show(k.abs)).join(', ')})` : '';
      note({ line: 1, column: 1, kind: 'heuristic', message: `Merged into ${show(target.abs)}, which has ${how}${others}; its status, arches, variants and sign-offs are kept` });
      await assertWritableBelow(out, target.abs);
      await writeFile(target.abs, await merge(target.abs, feature, (n) => note(n)));
      if (!merged.includes(show(target.abs))) merged.push(show(target.abs));
      continue;
    }
    let rel = feature.path;
    for (let k = 2; await exists(path.join(out, rel)); k++) rel = feature.path.replace(/\.md$/, `-${k}.md`);
    const abs = path.join(out, rel);
    await assertWritableBelow(out, abs);
    await ensureDirectory(path.dirname(abs));
    // `wx`: a file that appeared meanwhile is not replaced.
    await writeFile(abs, `---\n${yaml(feature.data)}---\n\n${feature.body}`, { flag: 'wx' });
    const id = rel.replace(/\.md$/, '');
    known.push({ id, title: feature.data.title, abs });
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
  if (exempt.length === 0) return { written, merged, notes, diagnostics: first.diagnostics };
  await appendBaseline(path.join(out, BASELINE_FILE), exempt);
  const final = await check({ cwd: options.cwd, dir: out, today: options.today, releases: false });
  return { written, merged, notes, diagnostics: final.diagnostics };
}

/** Arch patterns of the project: the built-in ones for x86 and arm, and each arch's id and name. */
export function archPatterns(architectures: Arch[]): PandocArch[] {
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return architectures.map((arch) => {
    const own = `(?:${[arch.id, arch.name].map(escape).join('|')})(?![\\w-])`;
    const builtIn = DEFAULT_PANDOC_ARCHES.find((d) => d.id === arch.id.toLowerCase());
    const source = builtIn ? `^(?:${builtIn.pattern.source.replace(/^\^/, '')}|${own})` : `^${own}`;
    return { id: arch.id, pattern: new RegExp(source, 'i') };
  });
}

/** The merged file: the existing frontmatter edited in place (comments kept), the document's prose as body. */
async function merge(file: string, feature: PandocFeature, note: (n: ImportNote) => void): Promise<string> {
  const text = await readFile(file, 'utf8');
  const split = splitFrontmatter(text.replace(/^\uFEFF/, ''));
  if ('messageId' in split) throw new Error(`${file}: ${split.message}`);
  const doc = parseDocument(split.yaml);
  doc.setSchema('1.1');
  const current = (doc.toJS() ?? {}) as FeatureData;
  const adds = feature.data;

  if (current.summary === undefined && adds.summary !== undefined) insertAfter(doc, 'section', 'summary', adds.summary);
  if (adds.components) {
    const have = (current.components ?? []).map((c) => c.toLowerCase());
    const extra = adds.components.filter((c) => !have.includes(c.toLowerCase()));
    if (current.components === undefined) doc.set('components', extra);
    else for (const c of extra) doc.addIn(['components'], c);
  }
  if (adds.since !== undefined) {
    if (current.since === undefined) doc.set('since', adds.since);
    else if (String(current.since) !== adds.since) note({ line: 1, column: 1, kind: 'heuristic', message: `Kept \`since: "${String(current.since)}"\` of the feature file; the document's History says ${adds.since}` });
  }
  if (adds['known-issues']) {
    const fold = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();
    const have = (current['known-issues'] ?? []).map((i) => fold(i.summary));
    const extra = adds['known-issues'].filter((i) => !have.includes(fold(i.summary)));
    if (current['known-issues'] === undefined) {
      if (extra.length > 0) doc.set('known-issues', extra);
    } else for (const issue of extra) doc.addIn(['known-issues'], issue satisfies KnownIssue);
  }
  const said = describe(adds);
  const kept = describe(current);
  if (said !== kept) note({ line: 1, column: 1, kind: 'heuristic', message: `The document says ${said}; the feature file's support statement, ${kept}, is kept` });

  const prose = feature.body
    .split('\n')
    .filter((l) => !isImportTrailer(l))
    .join('\n')
    .trim();
  // Say so when the replaced body held prose that the document does not (say, a caveat of the support statement).
  const flat = (s: string): string => s.replace(/\s+/g, ' ').trim();
  let earlier = flat(
    split.body
      .split(/\r?\n/)
      .filter((l) => !isImportTrailer(l) && !/^#{1,6}\s/.test(l))
      .join('\n'),
  );
  for (const known of [current.summary, `${current.title}.`]) if (known !== undefined) earlier = flat(earlier.replace(flat(known), ''));
  if (earlier !== '' && !flat(prose).includes(earlier)) {
    note({ line: 1, column: 1, kind: 'heuristic', message: `Replaced the body of the feature file; its earlier prose ("${earlier.length > 80 ? `${earlier.slice(0, 77)}...` : earlier}") is not in the document — restore it from version control if it still applies` });
  }
  const trailers = [...split.body.split(/\r?\n/), ...feature.body.split('\n')].filter(isImportTrailer).map((l) => l.trim());
  const body = `${prose}\n\n${[...new Set(trailers)].join('\n\n')}\n`;
  return `---\n${doc.toString({ lineWidth: 0 })}---\n\n${body}`;
}

/** `Supported`, or `x86: Supported, arm: Tech Preview`, for notes. */
function describe(data: Pick<FeatureData, 'status' | 'arches' | 'variants'>): string {
  const entry = (e: ArchEntry): string => (typeof e === 'string' ? e : (e.status ?? data.status ?? 'no status'));
  const arches = Object.entries(data.arches ?? {}).map(([arch, e]) => `${arch}: ${entry(e)}`);
  const own = data.status !== undefined && !Object.values(data.arches ?? {}).some((e) => typeof e === 'object' && e.status !== undefined) ? data.status : undefined;
  const parts = own !== undefined ? [own, ...(arches.length > 0 ? [`on ${Object.keys(data.arches ?? {}).join(', ')}`] : [])] : arches;
  if (parts.length === 0 && (data.variants ?? []).length > 0) return 'statuses per variant';
  return parts.join(own !== undefined ? ' ' : ', ') || 'no status';
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
