import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { importSupportMd, type SupportMdImport } from '../../import/support-md.js';
import { isImportTrailer } from '../../import/pandoc-feature.js';
import { splitFrontmatter } from '../../load/frontmatter.js';
import { BASELINE_FILE, PROJECT_FILE, ROSTER_FILE } from '../../load/corpus.js';
import { resolveCells } from '../../model/cells.js';
import { unsignedCells } from '../../model/signoffs.js';
import type { Diagnostic } from '../../types.js';
import { compareText, printable } from '../../diagnostics.js';
import { UsageError } from '../errors.js';
import { assertNoLinkedParents, ensureDirectory } from './output.js';
import { check } from './check.js';

/** Options of {@link importSupportMdFile}. */
export interface ImportOptions {
  cwd: string;
  /** The SUPPORT.md to read. */
  file: string;
  /** Features directory to write. */
  out: string;
  release?: string;
  ref?: string;
  /** Replace an existing import in `out` (its feature files, project.yml, baseline). */
  force?: boolean;
  today: string;
}

/** Result of an import: what was written and how it accounts. */
export interface ImportResult {
  import: SupportMdImport;
  /** Cells of the written corpus, and how many the baseline exempts. */
  cells: number;
  exempt: number;
  /** Findings of `check` on the written corpus (with the baseline). */
  diagnostics: Diagnostic[];
  report: string;
  /** Files the import would have written or removed but left alone (not its own, or edited since). */
  kept: KeptFile[];
  /** Files of the earlier import that this one removed (features gone from the statement). */
  removed: string[];
  /** Other files under `--out`, left as they were (`node_modules/` and dot-directories as a whole). */
  untouched: string[];
}

/** Report file name: not `.md`, so it is never read as a feature. */
export const IMPORT_REPORT = 'import-report.txt';

/** The files an import wrote, with their SHA-256: what a later `--force` may replace. */
export const IMPORT_MANIFEST = '.support-matrix-import.json';

/** Why a file was left alone, as the report and the CLI say it. */
export const KEPT_REASONS: Record<KeptFile['reason'], string> = {
  'not-imported': 'not written by an earlier import, so not replaced; merge the new statement into it by hand, or remove it and import again',
  edited: 'changed since the earlier import wrote it, so not replaced; merge the new statement into it by hand, or remove it and import again',
  'not-a-file': 'not a regular file, so not replaced; remove it and import again',
  linked: 'reached through a symbolic link to a directory, which may lie outside --out, so neither written nor removed; replace the link with a real directory, or import into another directory',
};

// YAML 1.1-compatible output: `no`, `yes` and dates are quoted, so readers that
// still speak YAML 1.1 (gray-matter, js-yaml 3) read the same strings.
export const yaml = (value: unknown): string => stringify(value, { version: '1.1', lineWidth: 0 });

/**
 * Converts a classic SUPPORT.md into feature files, project.yml, an empty
 * roster and a baseline exempting every cell that needs a sign-off (an
 * imported statement has none recorded), then checks the result.
 *
 * Into a non-empty `out` only with `force`, and then it replaces only the
 * files an earlier import wrote and nobody changed since (listed with their
 * SHA-256 in {@link IMPORT_MANIFEST}); every other file is left as it is and
 * named in `kept`.
 */
export async function importSupportMdFile(options: ImportOptions): Promise<ImportResult> {
  const source = path.resolve(options.cwd, options.file);
  const text = await readFile(source, 'utf8').catch(() => {
    throw new UsageError(`Cannot read ${options.file}; give the path of a SUPPORT.md`);
  });
  const out = path.resolve(options.cwd, options.out);
  await assertNoLinkedParents(options.cwd, out);
  const info = await lstat(out).catch(() => undefined);
  if (info !== undefined && !info.isDirectory()) throw new UsageError(`Refusing --out ${options.out}: it is not a directory; give a directory for the features`);
  const present = info === undefined ? [] : await readdir(out);
  if (present.length > 0 && !options.force) {
    throw new UsageError(`Refusing --out ${options.out}: it is not empty; pass --force to replace the files an earlier import wrote there (every other file is kept), or give an empty or new directory`);
  }
  const files = await ImportedFiles.open(out);
  // Releases listed by an earlier import stay listed: importing 4.14, then 4.19, then
  // the development branch gives one project.yml with every release.
  const earlier = present.includes(PROJECT_FILE) ? await earlierReleases(path.join(out, PROJECT_FILE)) : [];

  const result = importSupportMd(text, { file: path.basename(options.file), ...(options.release ? { release: options.release } : {}), ...(options.ref ? { ref: options.ref } : {}) });
  const imported = (result.project['releases'] as Array<{ name: string }> | undefined) ?? [];
  result.project['releases'] = [...earlier.filter((r) => !imported.some((i) => i.name === r['name'])), ...imported];
  await ensureDirectory(out);
  for (const feature of result.features) await files.write(feature.path, `---\n${yaml(feature.data)}---\n\n${feature.body}`);
  await files.write(PROJECT_FILE, `# Imported from ${path.basename(options.file)} by support-matrix import; see schema/project.schema.md.\n${yaml(result.project)}`);
  // The roster is the security team's: written when missing, never replaced.
  if (await exists(path.join(out, ROSTER_FILE))) await files.carry(ROSTER_FILE);
  else await files.write(ROSTER_FILE, '# The security team: add members, then record sign-offs and shrink signoff-baseline.yml.\nmembers: []\n');
  // What the earlier import wrote and this one did not: gone from the statement.
  await files.removeStale();

  // The baseline: every cell the policy wants signed, since none is yet.
  const first = await check({ cwd: options.cwd, dir: out, today: options.today, releases: false });
  const { corpus } = first;
  const exempt = unsignedCells(corpus.features, corpus.project, corpus.roster, options.today);
  const cells = corpus.features.reduce((n, f) => n + resolveCells(f, corpus.project).filter((c) => c.state === 'applies').length, 0);
  await files.write(BASELINE_FILE, `# Cells exempt from the sign-off rule until the security team signs them off.\n# Generated by support-matrix import; it may only shrink (rule \`baseline\`).\n${yaml({ exempt })}`);
  const final = await check({ cwd: options.cwd, dir: out, today: options.today, releases: false });
  const report = importReport(result, options.file, cells, exempt.length, files.kept);
  await files.write(IMPORT_REPORT, report);
  await files.save();
  return { import: result, cells, exempt: exempt.length, diagnostics: final.diagnostics, report, kept: files.kept, removed: files.removed, untouched: await files.untouched() };
}

/** A file under `--out` that the import left alone, and why. */
export interface KeptFile {
  /** Path under `--out`, with `/`. */
  path: string;
  reason: 'not-imported' | 'edited' | 'not-a-file' | 'linked';
}

/**
 * The files of one import into a directory: writes only where nothing is, or
 * where the earlier import's own file is still as it wrote it, and records
 * each write in the manifest.
 */
class ImportedFiles {
  readonly kept: KeptFile[] = [];
  readonly removed: string[] = [];
  private readonly written = new Map<string, string>();
  private readonly attempted = new Set<string>();

  private constructor(
    private readonly out: string,
    private readonly earlier: ReadonlyMap<string, string>,
  ) {}

  /** Reads the manifest of an earlier import in `out`, if there is a valid one. */
  static async open(out: string): Promise<ImportedFiles> {
    const earlier = new Map<string, string>();
    const text = await readFile(path.join(out, IMPORT_MANIFEST), 'utf8').catch(() => undefined);
    let value: unknown;
    try {
      value = text === undefined ? undefined : JSON.parse(text);
    } catch {
      value = undefined;
    }
    const listed = value !== null && typeof value === 'object' ? (value as { files?: unknown }).files : undefined;
    if (listed !== null && typeof listed === 'object') {
      for (const [rel, hash] of Object.entries(listed)) if (isImportPath(rel) && typeof hash === 'string') earlier.set(rel, hash);
    }
    return new ImportedFiles(out, earlier);
  }

  /** Writes `rel`, unless a file is there that the earlier import did not write as it is now. */
  async write(rel: string, content: string): Promise<void> {
    this.attempted.add(rel);
    const abs = path.join(this.out, rel);
    const state = await this.ours(rel);
    if (state !== 'ours' && state !== 'absent') {
      this.kept.push({ path: rel, reason: state });
      return;
    }
    await ensureDirectory(path.dirname(abs));
    // `wx` where nothing was: a file that appeared meanwhile is not replaced.
    await writeFile(abs, content, state === 'absent' ? { flag: 'wx' } : {});
    this.written.set(rel, sha256(content));
  }

  /** Keeps the earlier import's file at `rel` as it is, and still its own if unchanged. */
  async carry(rel: string): Promise<void> {
    this.attempted.add(rel);
    const hash = this.earlier.get(rel);
    if (hash !== undefined && (await this.ours(rel)) === 'ours') this.written.set(rel, hash);
  }

  /** Removes the earlier import's files that this one did not write, where they are unchanged. */
  async removeStale(): Promise<void> {
    for (const rel of [...this.earlier.keys()].sort()) {
      if (this.attempted.has(rel) || rel === BASELINE_FILE || rel === IMPORT_REPORT) continue;
      const state = await this.ours(rel);
      if (state === 'absent') continue;
      if (state !== 'ours') {
        this.kept.push({ path: rel, reason: state });
        continue;
      }
      await rm(path.join(this.out, rel));
      this.removed.push(rel);
      await removeEmptyParents(this.out, path.dirname(path.join(this.out, rel)));
    }
  }

  /** Writes the manifest: every file this import wrote, with its SHA-256. */
  async save(): Promise<void> {
    const files = Object.fromEntries([...this.written].sort(([a], [b]) => compareText(a, b)));
    const manifest = { 'written-by': 'support-matrix import support-md', note: 'Files this import wrote; the next `import --force` replaces only these, and only while unchanged.', files };
    const abs = path.join(this.out, IMPORT_MANIFEST);
    if ((await this.ours(IMPORT_MANIFEST)) === 'not-a-file') {
      this.kept.push({ path: IMPORT_MANIFEST, reason: 'not-a-file' });
      return;
    }
    await writeFile(abs, `${JSON.stringify(manifest, null, 2)}\n`);
  }

  /**
   * Everything else under the directory, which the import never touched: files
   * by path, and `node_modules` and dot-directories as a whole (`name/`).
   */
  async untouched(): Promise<string[]> {
    // `attempted` holds the carried roster too: the team's to edit, not someone else's file.
    const mine = new Set([...this.attempted, ...this.written.keys(), ...this.removed, ...this.kept.map((k) => k.path), IMPORT_MANIFEST]);
    const found: string[] = [];
    const walk = async (rel: string): Promise<void> => {
      const entries = await readdir(path.join(this.out, rel), { withFileTypes: true }).catch(() => []);
      for (const entry of entries.sort((a, b) => compareText(a.name, b.name))) {
        const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
        if (entry.isDirectory() && (entry.name === 'node_modules' || entry.name.startsWith('.'))) found.push(`${child}/`);
        else if (entry.isDirectory()) await walk(child);
        else if (!mine.has(child)) found.push(child);
      }
    };
    await walk('');
    return found;
  }

  /** Whether the file at `rel` is absent, the earlier import's and unchanged, or someone else's. */
  private async ours(rel: string): Promise<'absent' | 'ours' | KeptFile['reason']> {
    const abs = path.join(this.out, rel);
    // lstat follows links in the parents: `host/` linked elsewhere would have the
    // import write and remove files outside `out`.
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = await lstat(path.join(this.out, ...parts.slice(0, i))).catch(() => undefined);
      if (parent === undefined) return 'absent';
      if (parent.isSymbolicLink()) return 'linked';
      if (!parent.isDirectory()) return 'not-a-file';
    }
    const info = await lstat(abs).catch(() => undefined);
    if (info === undefined) return 'absent';
    if (rel === IMPORT_MANIFEST) return info.isFile() ? 'ours' : 'not-a-file';
    if (!info.isFile()) return 'not-a-file';
    const hash = this.earlier.get(rel);
    if (hash === undefined) return 'not-imported';
    const content = await readFile(abs);
    if (sha256(content) !== hash) return 'edited';
    if (!rel.endsWith('.md')) return 'ours';
    const text = content.toString('utf8');
    // A manifest is a file in the work tree, which a patch may write: a feature
    // file counts as imported only if it also says so, as every imported one does,
    // and holds nothing an import never writes: the security team's sign-offs and
    // a submitter's proposal are never replaced, whatever the manifest says.
    if (!text.split(/\r?\n/).some(isImportTrailer)) return 'not-imported';
    return /^(signoffs|proposal):[ \t]*(?!\[\s*\]\s*$)\S*.*$/m.test(frontmatterOf(text)) ? 'edited' : 'ours';
  }
}

/**
 * A path an import writes: a feature file or one of its own config files,
 * under the output directory, with `/`, no segment starting with `.` (so no
 * `..`, no `.git`), nothing absolute. A manifest naming anything else is not
 * followed there.
 */
function isImportPath(rel: string): boolean {
  if (rel === '' || rel.startsWith('/') || rel.includes('\\') || !rel.split('/').every((s) => s !== '' && !s.startsWith('.'))) return false;
  return rel.endsWith('.md') || [PROJECT_FILE, ROSTER_FILE, BASELINE_FILE, IMPORT_REPORT].includes(rel);
}

function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Removes `dir` and its parents up to (not including) `root` while they are empty. */
async function removeEmptyParents(root: string, dir: string): Promise<void> {
  for (let at = dir; at !== root && at.startsWith(root + path.sep); at = path.dirname(at)) {
    if ((await readdir(at).catch(() => ['?'])).length > 0) return;
    await rmdir(at).catch(() => undefined);
  }
}

/** The accounting line, every heuristic and unmapped value by source line, and the files left alone. */
export function importReport(result: SupportMdImport, file: string, cells: number, exempt: number, kept: readonly KeptFile[] = []): string {
  const heuristics = result.notes.filter((n) => n.kind === 'heuristic');
  const unmapped = result.notes.filter((n) => n.kind === 'unmapped');
  const lines = [
    `Imported ${result.features.length} features from ${file}: ${result.counts.statusLines} Status lines -> ${result.counts.statements} statements (${cells} applicable cells); ${heuristics.length} mapped heuristically, ${unmapped.length} kept verbatim; ${exempt} cells in the baseline.`,
    '',
    ...result.notes.map((n) => `${file}:${n.line}:${n.column}  ${n.kind}  ${n.message}`),
    ...kept.map((k) => `${printable(k.path)}  kept  ${KEPT_REASONS[k.reason]}`),
  ];
  return lines.join('\n') + '\n';
}

/** The `releases` of an existing project.yml, if it reads. */
async function earlierReleases(file: string): Promise<Array<Record<string, unknown>>> {
  // Only a regular file, as config files are read; one that does not parse lists none (and, edited, is kept as it is).
  if (!(await lstat(file).then((info) => info.isFile(), () => false))) return [];
  let value: unknown;
  try {
    value = parse(await readFile(file, 'utf8'));
  } catch {
    return [];
  }
  const releases = value && typeof value === 'object' ? (value as { releases?: unknown }).releases : undefined;
  return Array.isArray(releases) ? releases.filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object') : [];
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** The frontmatter of a feature file's text, or '' when it has none. */
function frontmatterOf(text: string): string {
  const split = splitFrontmatter(text.replace(/^\uFEFF/, ''));
  return 'messageId' in split ? '' : split.yaml;
}
