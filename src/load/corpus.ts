import { packageFile } from '../package-files.js';
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { code, coreChecks, coreDiagnostic, compareText } from '../diagnostics.js';
import type { Baseline, BaselineEntry, Diagnostic, Feature, FeatureData, Project, Roster } from '../types.js';
import { defaultMaxFileSize, pathCollisions, toProject, toRoster } from './project.js';
import { parseSource } from './source.js';
import { checkingReuse } from '../reuse.js';

/** Everything read from a features directory. */
export interface Corpus {
  /** Absolute path of the features directory. */
  root: string;
  project: Project;
  roster: Roster;
  /** signoff-baseline.yml, when there is one. */
  baseline?: Baseline;
  /** Features that parsed and matched the schema, sorted by file. */
  features: Feature[];
  /** Load and schema findings, including for files that were left out. */
  diagnostics: Diagnostic[];
}

/** A failure that stops the command: missing directory, unusable project.yml. Exit code 2. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Parse results by absolute path, reused while a file's bytes are unchanged
 * (for `serve`), and the parse of the three config files while theirs are:
 * an unchanged file gives the very same object, which is what later stages
 * (the model's, the site data's and the pages' reuse in `serve`) key on.
 */
export type FeatureCache = Map<string, { bytes: Uint8Array; shown: string; result: { feature?: Feature; diagnostics: Diagnostic[] }; stamp?: string }> & { governance?: GovernanceParse };

/**
 * How much older (ms) than the newest file of the corpus, and than the
 * clock, a file's last change must be, when it is read, for its `lstat`
 * stamp to stand for its bytes on the next load: the racy-git rule. File
 * times have a coarse clock (FAT's is 2 s), so a file written again within
 * the same tick right after it was read could keep its size and times;
 * such a recent file is read again next time, and its bytes compared. The
 * newest file's time is the file system's own clock, which on a network
 * mount may run behind this machine's.
 */
const RACY_MS = 3_000;

/** The config files of an earlier load, as read, and what they parsed into. */
interface GovernanceParse {
  /** The shown path and bytes of project.yml, the roster and the baseline (undefined: no such file). */
  read: ReadonlyArray<readonly [string, Uint8Array | undefined]>;
  governance: Governance;
  diagnostics: readonly Diagnostic[];
}

/** Options for {@link loadCorpus}. */
export interface LoadOptions {
  /** Directory that displayed paths are relative to. Default: `process.cwd()`. */
  cwd?: string;
  /**
   * Parse results of an earlier load. A file whose bytes are unchanged is not
   * parsed again: reading 10,000 small files is cheap, parsing them is not.
   */
  cache?: FeatureCache;
}

/** Names of the two config files inside the features directory. */
export const PROJECT_FILE = 'project.yml';
export const ROSTER_FILE = 'security-team.yml';
export const BASELINE_FILE = 'signoff-baseline.yml';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** Reads project.yml, the roster and every `*.md` feature file under `dir`. */
export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<Corpus> {
  const cwd = options.cwd ?? process.cwd();
  const root = path.resolve(cwd, dir);
  const show = (abs: string): string => toPosix(path.relative(cwd, abs) || '.');
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new ConfigError(`No features directory at ${show(root)}; pass the directory that holds project.yml, or run \`support-matrix init\``);
  }

  const realRoot = await realpath(root);
  const readConfig = (name: string): ConfigRead => readConfigFile(root, realRoot, name, show);
  const projectPath = path.join(root, PROJECT_FILE);
  const projectRead = readConfig(PROJECT_FILE);
  if (projectRead === undefined) {
    throw new ConfigError(`No ${PROJECT_FILE} in ${show(root)}; create one (see ${packageFile('schema/project.schema.md', cwd)}) or run \`support-matrix init ${show(root)}\``);
  }
  if ('refused' in projectRead) throw new ConfigError(`${show(projectPath)} cannot be used; fix the finding above`, [projectRead.refused]);
  const diagnostics: Diagnostic[] = [];
  const { project, roster, baseline } = governanceOf(show(projectPath), projectRead.bytes, show(path.join(root, ROSTER_FILE)), readConfig(ROSTER_FILE), show(path.join(root, BASELINE_FILE)), readConfig(BASELINE_FILE), diagnostics, options.cache);

  const features: Feature[] = [];
  const files = listFeatureFiles(root, realRoot, show, diagnostics, project.maxFiles + 1);
  if (files.length > project.maxFiles) {
    // Reading on would take unbounded time; reading some would hide the rest.
    diagnostics.push(
      coreDiagnostic(coreChecks.file, project.file, project.map.value('/limits/max-files'), 'too-many-files', `Unexpected number of feature files: more than the limit of ${project.maxFiles}; none past it was read — raise \`limits.max-files\` in project.yml or split the corpus`),
    );
    files.length = project.maxFiles;
  }
  // The file system's time, as far as it shows: no earlier than the newest change in the corpus.
  const newest = files.reduce((max, f) => Math.max(max, f.changedMs), -Infinity);
  for (const file of files) {
    const shown = show(file.path);
    const tooLarge = (size: number): void => {
      diagnostics.push(coreDiagnostic(coreChecks.file, shown, { line: 1, column: 1 }, 'too-large', `Unexpected file of ${size} bytes, over the limit of ${project.maxFileSize}; split the feature or raise \`limits.max-file-size\` in project.yml`));
    };
    if (file.size > project.maxFileSize) {
      tooLarge(file.size);
      continue;
    }
    const hit = options.cache?.get(file.path);
    // Same inode, size and times as when it was read (and not racily so): the same bytes, not read again.
    if (hit?.stamp !== undefined && hit.stamp === file.stamp && hit.shown === shown) {
      // With SUPPORT_MATRIX_CHECK_REUSE=1 (the test suite), read anyway and compared.
      if (checkingReuse() && !sameBytes(readFileSync(file.path), hit.bytes)) throw new Error(`${shown} was not read again because its size and times are unchanged, but its bytes changed; report this as a bug of support-matrix`);
      for (const d of hit.result.diagnostics) diagnostics.push(d);
      if (hit.result.feature) features.push(hit.result.feature);
      continue;
    }
    const readAt = Date.now();
    let bytes: Uint8Array;
    try {
      // Synchronous on purpose: for thousands of small files, one read each
      // beats the thread-pool round trips of open/stat/read/close (4 s of idle
      // time at 10,000 files). The walk already refused non-regular files.
      bytes = readFileSync(file.path);
    } catch {
      diagnostics.push(coreDiagnostic(coreChecks.file, shown, { line: 1, column: 1 }, 'unreadable', 'Unexpected file that cannot be read; check its permissions'));
      continue;
    }
    // The file may have grown since the walk measured it.
    if (bytes.length > project.maxFileSize) {
      tooLarge(bytes.length);
      continue;
    }
    const loaded = hit && hit.shown === shown && sameBytes(hit.bytes, bytes) ? hit.result : loadFeature(shown, file.rel, bytes);
    // Changed a little before the read, by this machine's clock or the file system's (or a clock that went back): its stamp may not cover a write yet to come in the same tick.
    const settled = file.changedMs <= Math.min(readAt, newest) - RACY_MS;
    options.cache?.set(file.path, { bytes, shown, result: loaded, ...(settled ? { stamp: file.stamp } : {}) });
    // One at a time: a spread of a very long list would overflow the stack.
    for (const d of loaded.diagnostics) diagnostics.push(d);
    if (loaded.feature) features.push(loaded.feature);
  }
  return { root, project, roster, features, diagnostics, ...(baseline ? { baseline } : {}) };
}

/**
 * {@link parseGovernance}, or with `cache` the very objects of the last
 * parse when the three files are the same paths with the same bytes (a
 * refused file is never reused: it is read again).
 */
function governanceOf(projectFile: string, projectBytes: Uint8Array, rosterFile: string, rosterRead: ConfigRead, baselineFile: string, baselineRead: ConfigRead, diagnostics: Diagnostic[], cache: FeatureCache | undefined): Governance {
  const bytesOf = (r: ConfigRead): Uint8Array | undefined => (r !== undefined && 'bytes' in r ? r.bytes : undefined);
  const refused = [rosterRead, baselineRead].some((r) => r !== undefined && 'refused' in r);
  const read = [
    [projectFile, projectBytes],
    [rosterFile, bytesOf(rosterRead)],
    [baselineFile, bytesOf(baselineRead)],
  ] as const;
  const last = cache?.governance;
  const same = last !== undefined && !refused && last.read.every(([file, bytes], i) => file === read[i]?.[0] && sameBytes(bytes, read[i]?.[1]));
  if (same) {
    for (const d of last.diagnostics) diagnostics.push(d);
    return last.governance;
  }
  const found: Diagnostic[] = [];
  const governance = parseGovernance(projectFile, projectBytes, rosterFile, rosterRead, baselineFile, baselineRead, found);
  for (const d of found) diagnostics.push(d);
  if (cache !== undefined) {
    if (refused) delete cache.governance;
    else cache.governance = { read, governance, diagnostics: found };
  }
  return governance;
}

/** Whether two byte arrays hold the same bytes (or neither is there), compared in place (`Buffer.from` of an array copies it). */
function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.length === b.length && Buffer.compare(a, b) === 0;
}

/** project.yml, the roster and the baseline of one tree (the working tree, or a git revision's). */
export interface Governance {
  project: Project;
  roster: Roster;
  baseline?: Baseline;
}

/**
 * Parses the three config files from their bytes; findings about the roster
 * and baseline go to `diagnostics`. A roster that cannot be read is an empty
 * one: no sign-off counts (fail closed). Throws `ConfigError` for an invalid
 * project.yml.
 */
export function parseGovernance(
  projectFile: string,
  projectBytes: Uint8Array,
  rosterFile: string,
  rosterRead: ConfigRead,
  baselineFile: string,
  baselineRead: ConfigRead,
  diagnostics: Diagnostic[],
): Governance {
  const projectSource = parseSource('project', projectFile, projectBytes);
  if (projectSource.value === undefined) {
    throw new ConfigError(`${projectFile} is not valid; fix the findings above`, projectSource.diagnostics);
  }
  const project = toProject(projectSource.value, projectFile, projectSource.map);
  for (const c of pathCollisions(project)) diagnostics.push(coreDiagnostic(coreChecks.schema, project.file, project.map.value(c.pointer), c.messageId, c.message));

  let roster: Roster = { file: rosterFile, map: { value: () => ({ line: 1, column: 1 }), key: () => ({ line: 1, column: 1 }) }, members: [] };
  if (rosterRead !== undefined && 'refused' in rosterRead) diagnostics.push(rosterRead.refused);
  else if (rosterRead !== undefined) {
    const source = parseSource('security-team', rosterFile, rosterRead.bytes);
    if (source.value === undefined) for (const d of source.diagnostics) diagnostics.push(d);
    else roster = toRoster(source.value, rosterFile, source.map);
  }

  let baseline: Baseline | undefined;
  if (baselineRead !== undefined && 'refused' in baselineRead) diagnostics.push(baselineRead.refused);
  else if (baselineRead !== undefined) {
    const source = parseSource('baseline', baselineFile, baselineRead.bytes);
    if (source.value === undefined) for (const d of source.diagnostics) diagnostics.push(d);
    else baseline = { file: baselineFile, map: source.map, exempt: (source.value as { exempt: BaselineEntry[] }).exempt };
  }
  return baseline ? { project, roster, baseline } : { project, roster };
}

/**
 * Parses one feature file's bytes. `rel` is its path under the features
 * directory, which gives the id unless the frontmatter sets `id`.
 */
export function loadFeature(file: string, rel: string, bytes: Uint8Array): { feature?: Feature; diagnostics: Diagnostic[] } {
  const source = parseSource('feature', file, bytes);
  if (source.value === undefined) return { diagnostics: source.diagnostics };
  const data = source.value as FeatureData;
  const id = data.id ?? rel.replace(/\.md$/, '');
  if (!ID_PATTERN.test(id)) {
    return {
      diagnostics: [
        coreDiagnostic(coreChecks.schema, file, source.map.value(''), 'invalid-path-id', `Unexpected file path ${code(rel)} that makes an invalid id; rename the file (letters, digits, \`.\`, \`_\`, \`-\`) or set \`id\` in the frontmatter`),
      ],
    };
  }
  // A feature's page is `features/<id>/index.html`: an id with a segment
  // `index.html` would put its directory where another feature's page is.
  if (id.split('/').some((segment) => segment.toLowerCase() === 'index.html')) {
    const where = data.id !== undefined ? source.map.value('/id') : source.map.value('');
    const how = data.id !== undefined ? 'set another `id`' : 'rename the file, or set `id` in the frontmatter';
    return { diagnostics: [coreDiagnostic(coreChecks.schema, file, where, 'invalid-path-id', `Unexpected id ${code(id)}: a segment named \`index.html\` is where a feature's page is written; ${how}`)] };
  }
  return { feature: { file, id, data, map: source.map, text: source.text, body: source.body, bodyLine: source.bodyLine }, diagnostics: [] };
}

interface FoundFile {
  path: string;
  rel: string;
  size: number;
  /** Device, inode, size, modification and change times, from the walk's `lstat` (of a link's target, for a link). */
  stamp: string;
  /** The later of its modification and change times (ms). */
  changedMs: number;
}

function foundFile(abs: string, root: string, info: Stats): FoundFile {
  return { path: abs, rel: toPosix(path.relative(root, abs)), size: info.size, stamp: `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`, changedMs: Math.max(info.mtimeMs, info.ctimeMs) };
}

/**
 * Finds `*.md` files below `root`, sorted. Hand-rolled instead of a glob
 * library because each kind of entry needs its own finding: symlinks that
 * leave the directory or loop, directories and FIFOs named `*.md`.
 */
function listFeatureFiles(root: string, realRoot: string, show: (abs: string) => string, diagnostics: Diagnostic[], stopAt: number): FoundFile[] {
  const found: FoundFile[] = [];
  // The walk is synchronous for the same reason as the reads: 10,000 async
  // lstat calls were ≈ 0.3 s of thread-pool waiting at 10,000 files.
  const refuse = (abs: string, messageId: string, message: string): void => {
    diagnostics.push(coreDiagnostic(coreChecks.file, show(abs), { line: 1, column: 1 }, messageId, message));
  };
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    entries.sort((a, b) => compareText(a.name, b.name));
    for (const entry of entries) {
      if (found.length >= stopAt) return;
      if (entry.name === '.git') continue;
      const abs = path.join(dir, entry.name);
      if (entry.name === 'node_modules') {
        // Never read (it can be huge), but never silent: forges show what is in it.
        refuse(abs, 'node-modules', 'Unexpected `node_modules` inside the features directory: nothing in it is read, but forges show its files; move it out of the features directory');
        continue;
      }
      if (entry.name.startsWith('.')) {
        // Not read, but a forge shows them: a claim there must not pass in silence.
        if (entry.isDirectory()) reportHidden(abs);
        else if (MARKDOWN_NAME.test(entry.name)) refuse(abs, 'hidden-file', HIDDEN_MESSAGE);
        continue;
      }
      const isMd = entry.name.endsWith('.md');
      if (entry.isDirectory()) {
        if (isMd) refuse(abs, 'not-a-file', 'Unexpected directory named like a feature file; rename it so it does not end in `.md`');
        else walk(abs);
        continue;
      }
      if (!isMd) {
        if (entry.isSymbolicLink() && isDirectory(abs)) {
          refuse(abs, 'symlink-directory', 'Unexpected symlink to a directory: it is not followed, so nothing in it is read; replace it with a real directory');
          continue;
        }
        if (DECEPTIVE_NAME.test(entry.name)) {
          refuse(abs, 'odd-name', 'Unexpected file name with spaces, dots or invisible characters after `.md`; it is not read, but other tools may show it as markdown — rename it to end in `.md`');
          continue;
        }
        // A reader (or GitHub) sees these as markdown; say that we do not.
        if (MARKDOWN_NAME.test(entry.name)) {
          diagnostics.push(
            coreDiagnostic(coreChecks.file, show(abs), { line: 1, column: 1 }, 'ignored-extension', 'Unexpected markdown file that is not read: only files ending in lower-case `.md` are features; rename it to `.md` or move it out of the features directory', 'warn'),
          );
        }
        continue;
      }
      if (entry.isSymbolicLink()) {
        const link = followLink(abs, realRoot);
        if ('refused' in link) {
          refuse(abs, link.refused.messageId, link.refused.message);
          continue;
        }
        const info = statSync(link.target);
        if (!info.isFile()) {
          refuse(abs, 'not-a-file', 'Unexpected symlink to something that is not a regular file; remove the link');
          continue;
        }
        found.push(foundFile(abs, root, info));
        continue;
      }
      if (!entry.isFile()) {
        refuse(abs, 'not-a-file', 'Unexpected special file (FIFO, socket or device) named like a feature file; remove it');
        continue;
      }
      found.push(foundFile(abs, root, lstatSync(abs)));
    }
  };
  // Inside a hidden directory nothing is read; markdown files there are named, once each.
  const reportHidden = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => compareText(a.name, b.name));
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) reportHidden(abs);
      else if (MARKDOWN_NAME.test(entry.name)) refuse(abs, 'hidden-file', HIDDEN_MESSAGE);
    }
  };
  walk(root);
  return found;
}

/** Names a reader or a forge takes for markdown. */
const MARKDOWN_NAME = /\.(md|markdown|mdown|mkdn|mkd|mdwn)$/i;
/** `x.md ` or `x.md.` or `x.md` and an invisible character: looks like a feature file in a listing, is not one. */
const DECEPTIVE_NAME = /\.md[\s.\p{Default_Ignorable_Code_Point}\p{Cf}]+$/iu;
const HIDDEN_MESSAGE =
  'Unexpected hidden file named like a feature file: names starting with `.` (and anything in a directory whose name starts with `.`) are not read, but forges show them; rename it without the leading dot, or move it out of the features directory';

/**
 * Where the symlink `file` leads, if that is inside the features directory
 * (`realRoot`); else why it is refused. Feature and config files alike: a
 * link out of the directory is never read.
 */
function followLink(file: string, realRoot: string): { target: string } | { refused: { messageId: string; message: string } } {
  const target = realpathOrError(file);
  if (target instanceof Error) {
    return target.code === 'ELOOP'
      ? { refused: { messageId: 'symlink-loop', message: 'Unexpected symlink loop; remove the link' } }
      : { refused: { messageId: 'broken-symlink', message: 'Unexpected symlink to nothing; remove the link or restore its target' } };
  }
  if (target !== realRoot && !target.startsWith(realRoot + path.sep)) {
    return { refused: { messageId: 'symlink-outside', message: `Unexpected symlink to ${code(target)}, outside the features directory; refused, its content was not read — put the file itself in the features directory` } };
  }
  return { target };
}

/** Whether `file` (followed if a link) is a directory. */
function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function realpathOrError(file: string): string | NodeJS.ErrnoException {
  try {
    return realpathSync(file);
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

/** A config file's bytes, the finding that refused it, or undefined when there is none. */
export type ConfigRead = { bytes: Uint8Array } | { refused: Diagnostic } | undefined;

/**
 * Reads a config file (project.yml, the roster, the baseline) the way
 * feature files are read: a regular file inside the features directory, or
 * a symlink to one there, within the default size limit. Anything else is
 * refused with a finding that names the file but never quotes its content,
 * so a link to `/proc/self/environ` shows nothing of the environment.
 */
function readConfigFile(root: string, realRoot: string, name: string, show: (abs: string) => string): ConfigRead {
  const file = path.join(root, name);
  const refuse = (messageId: string, message: string): ConfigRead => ({ refused: coreDiagnostic(coreChecks.file, show(file), { line: 1, column: 1 }, messageId, message) });
  let info;
  try {
    info = lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return refuse('unreadable', `Unexpected ${name} that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check its permissions`);
  }
  if (info.isSymbolicLink()) {
    const link = followLink(file, realRoot);
    if ('refused' in link) return refuse(link.refused.messageId, link.refused.message);
    info = statSync(link.target);
  }
  // Check first: opening a FIFO for reading would block.
  if (!info.isFile()) return refuse('not-a-file', `Unexpected ${name} that is not a regular file (a directory, FIFO, socket or device); replace it with a file`);
  if (info.size > defaultMaxFileSize) return refuse('too-large', `Unexpected ${name} of ${info.size} bytes, over the limit of ${defaultMaxFileSize}; make it smaller`);
  try {
    const bytes = readFileSync(file);
    // It may have grown since it was measured.
    return bytes.length > defaultMaxFileSize ? refuse('too-large', `Unexpected ${name} of over ${defaultMaxFileSize} bytes; make it smaller`) : { bytes };
  } catch (error) {
    return refuse('unreadable', `Unexpected ${name} that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check its permissions`);
  }
}

/** A path with `/` separators, as findings and ids show it on every OS. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
