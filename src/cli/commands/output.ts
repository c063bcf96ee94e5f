import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';

/**
 * The file every site written by `build` or `serve` holds. A directory
 * without it is not ours, so it is never replaced.
 */
export const SITE_MARKER = '.support-matrix-site';

/** The marker's text: the same in every site, so builds stay byte-identical. */
export const SITE_MARKER_TEXT =
  'This directory is a site written by support-matrix (build or serve).\nThe next build into it replaces it whole: keep no other files here.\n';

/** Where a command runs and what it reads: the places its output must never replace. */
export interface OutputGuard {
  /** The directory the command was run from. */
  cwd: string;
  /** The features directory, absolute. */
  features?: string;
}

/**
 * Refuses (with a {@link UsageError}, exit 2) an output directory whose
 * replacement would lose something the user made: `/`, the home directory,
 * the working directory or the features directory or any directory holding
 * them, a directory inside the features directory (its pages and exports
 * would be read as features), a git work tree, a file or symlink, or a
 * non-empty directory that holds no {@link SITE_MARKER}. `shown` is the
 * path as the user gave it, for the message.
 */
export async function assertSiteOutput(out: string, guard: OutputGuard, shown = out): Promise<void> {
  const refuse = (why: string, next: string): never => {
    throw new UsageError(`Refusing --out ${shown}: ${why}; ${next}`);
  };
  const real = await realPathOf(out);
  const elsewhere = 'choose a directory of its own for the site, such as `_site`';
  if (path.parse(real).root === real) refuse('it is the root of the file system', elsewhere);
  const home = await realPathOf(homedir());
  if (contains(real, home)) refuse(real === home ? 'it is your home directory' : 'it holds your home directory', elsewhere);
  if (contains(real, await realPathOf(guard.cwd))) refuse('it is or holds the directory you are working in, which the site would replace', elsewhere);
  if (guard.features !== undefined) {
    const features = await realPathOf(guard.features);
    if (contains(real, features)) refuse('it is or holds the features directory, which the site would replace', elsewhere);
    if (contains(features, real)) refuse('it is inside the features directory, where the pages and exports would be read as feature files', 'build outside the features directory');
  }

  await assertNoLinkedParents(guard.cwd, out);
  const info = await lstat(out).catch(() => undefined);
  if (info === undefined) return;
  if (info.isSymbolicLink()) refuse('it is a symbolic link, and the build would replace the link', 'pass the directory it points to, or another path');
  if (!info.isDirectory()) refuse('it is a file, not a directory', 'choose another path, or remove the file yourself');
  const entries = await readdir(out);
  if (entries.includes('.git')) refuse('it is a git work tree', elsewhere);
  if (entries.length === 0) return;
  if (await isRegularFile(path.join(out, SITE_MARKER))) return;
  refuse(
    `it is a directory that support-matrix did not create (it has no ${SITE_MARKER} file), and the build replaces the whole directory`,
    'choose another directory, or empty or remove this one yourself (a site built by an earlier version of support-matrix: remove it once)',
  );
}

/** Whether `inner` is `outer` or lies inside it. Both absolute and resolved. */
export function contains(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  // `..` as a whole segment: `..site` is a name inside `outer`, not its parent.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The real path of `file`, or of its nearest existing ancestor joined with the
 * rest, so that a path that does not exist yet still compares correctly.
 */
export async function realPathOf(file: string): Promise<string> {
  const rest: string[] = [];
  for (let at = path.resolve(file); ; at = path.dirname(at)) {
    const found = await realpath(at).catch(() => undefined);
    if (found !== undefined) return path.join(found, ...rest.reverse());
    if (path.dirname(at) === at) return path.resolve(file);
    rest.push(path.basename(at));
  }
}

/**
 * Creates `dir` and its missing parents. Not `mkdir -p` from Node: in
 * Node 20 it loops forever on some paths (`/proc/x/y`), and an error should
 * name the first directory that could not be made.
 */
export async function ensureDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    const info = await stat(at).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
    if (info !== undefined) {
      if (!info.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${at}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: at });
      break;
    }
    missing.push(at);
    if (path.dirname(at) === at) break;
    at = path.dirname(at);
  }
  for (const next of missing.reverse()) {
    await mkdir(next).catch((error: NodeJS.ErrnoException) => (error.code === 'EEXIST' ? undefined : Promise.reject(error)));
  }
}

/**
 * Creates a new, empty directory named `<prefix><random>` with ordinary
 * permissions (0777 less the umask, so usually 0755), unlike `mkdtemp`,
 * whose 0700 would make a web server running as another user answer 403.
 */
export async function makeFreshDirectory(prefix: string): Promise<string> {
  for (;;) {
    const dir = `${prefix}${randomBytes(6).toString('hex')}`;
    try {
      await mkdir(dir, { mode: 0o777 });
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Whether `dir` is a directory (not a link to one). */
export async function isRealDirectory(dir: string): Promise<boolean> {
  return lstat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

/** Whether `file` is a regular file (not a link to one). */
export async function isRegularFile(file: string): Promise<boolean> {
  return lstat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}

/** How a file written by `export` begins, per format; a file that begins otherwise is not ours. */
const EXPORT_SIGNATURES: readonly RegExp[] = [
  // json: its first keys, in this order (OCI and Docker manifests also begin with schemaVersion); `revision` since issue 13
  /^\{\n {2}"schemaVersion": \d+,\n {2}"asOf": "\d{4}-\d{2}-\d{2}",\n {2}(?:"revision": (?:null|"(?:[^"\\\n]|\\.)*"),\n {2})?"project": \{/,
  /^feature,title,section,variant,arch,/, // csv
  /^% Support statement for [^\n]*\n\n[^\n]*\n[^\n]*It is generated by support-matrix/, // support-md
  /^<\?xml[^>]*>\s*<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">[\s\S]*?<generator[^>]*>support-matrix</, // atom
  /^\{\s*"version": "https:\/\/jsonfeed\.org\/version\/[^"]*",[\s\S]*?"user_comment": "Written by support-matrix/, // jsonfeed
  // endoflife: the API's envelope as we indent it, and one of our own `custom` fields (endoflife.date's files have neither)
  /^\{\n {2}"schema_version": "[^"\n]*",\n {2}"generated_at": "[^"\n]*",\n {2}"last_modified": "[^"\n]*",\n {2}"result": \{[\s\S]*?(?:"securitySupportUntilSource": |"type": "support-matrix")/,
  // openeox: the shell, and a statement naming our identifiers
  /^\{\n {2}"\$schema": "https:\/\/docs\.oasis-open\.org\/openeox\/[^"\n]*",\n {2}"statements": \[[\s\S]*?"uri": "urn:support-matrix:/,
  /^# [^\n]*: features whose security support is (?:limited|ended), [^\n]*\n# Format: [^\n]*\n# Written by support-matrix /, // security-support-limited, -ended
  /^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:-\/\/support-matrix\/\//, // ical
  /^\{\n {2}"schemaVersion": \d+,\n {2}"asOf": "[^"\n]*",\n {2}"until": "[^"\n]*",\n {2}"project": /, // upcoming
  // badge and badge-svg: none. A shields.io endpoint file or badge SVG says nothing of who wrote it, so an existing one is replaced only with --force.
];

/**
 * Refuses an `export --out` target that is not safe to replace: anything
 * inside the features directory (it would be read as input), a directory, a
 * FIFO, device, socket or symlink, and — unless `force` — a file that
 * `export` did not write. `shown` is the path as the user gave it.
 */
export async function assertExportTarget(target: string, guard: OutputGuard, force: boolean, shown = target): Promise<void> {
  const refuse = (why: string, next: string): never => {
    throw new UsageError(`Refusing --out ${shown}: ${why}; ${next}`);
  };
  if (guard.features !== undefined && contains(await realPathOf(guard.features), await realPathOf(target))) {
    refuse('it is inside the features directory, where an export would be read as input', 'write exports outside the features directory');
  }
  await assertNoLinkedParents(guard.cwd, target);
  const info = await lstat(target).catch(() => undefined);
  if (info === undefined) return;
  if (info.isDirectory()) refuse('it is a directory', 'give the path of a file');
  // Not even with --force: replacing the link could replace a system file's link (`/dev/stdout`), following it could write anywhere.
  if (info.isSymbolicLink()) refuse('it is a symbolic link', 'give the path of the file itself, or leave out --out to write to standard output');
  if (!info.isFile()) refuse('it is not a regular file (a FIFO, socket or device)', 'give the path of a regular file, or leave out --out to write to standard output');
  if (force || (await looksExported(target))) return;
  refuse('it exists and does not begin as a file support-matrix export writes (a badge never does: it carries no mark of who wrote it)', 'pass --force to replace it, or give another path');
}

/** Whether the first bytes of `file` are those of one of our exports. */
async function looksExported(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    // Enough for what comes before each signature: a project name or title may be 10,000 characters.
    const buffer = Buffer.alloc(65_536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8');
    return EXPORT_SIGNATURES.some((signature) => signature.test(head));
  } finally {
    await handle.close();
  }
}

/**
 * Writes `text` to `target` through a new file beside it, then renames it
 * over the target: a reader never sees half a file, and the temporary name
 * is created exclusively, so no other file is ever overwritten on the way.
 */
export async function writeReplacing(target: string, text: string): Promise<void> {
  for (;;) {
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    let handle;
    try {
      handle = await open(temp, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw aboutTarget(error, target);
    }
    try {
      await handle.writeFile(text);
      // The replaced file's permissions carry over: an export kept private stays private.
      const before = await lstat(target).catch(() => undefined);
      if (before?.isFile()) await handle.chmod(before.mode & 0o7777);
      await handle.close();
      handle = undefined;
      await rename(temp, target);
      return;
    } catch (error) {
      await handle?.close();
      await rm(temp, { force: true });
      throw aboutTarget(error, target);
    }
  }
}

/**
 * An operating-system error as one about `target` (what the user asked
 * for): the temporary name beside it, which is gone, means nothing to the
 * user, and a write of a file's contents names no path at all.
 */
export function aboutTarget(error: unknown, target: string, syscall = 'write'): unknown {
  const code = (error as Partial<NodeJS.ErrnoException>).code;
  if (!(error instanceof Error) || typeof code !== 'string') return error;
  return Object.assign(new Error(error.message, { cause: error }), { code, syscall, path: target });
}

/**
 * Refuses to write `file` below `root` through a symbolic link (or a file)
 * in any directory between them: a directory committed as a link could lead
 * anywhere, and the write would land there. `root` itself may be a link the
 * user gave. Missing directories are fine; they will be created.
 */
export async function assertWritableBelow(root: string, file: string, parentsOnly = false): Promise<void> {
  const rel = path.relative(root, file);
  if (rel === '' || !contains(root, file)) throw new UsageError(`Refusing to write ${file}: it is not inside ${root}`);
  const parts = rel.split(path.sep);
  for (let i = 1; i <= parts.length - (parentsOnly ? 1 : 0); i++) {
    const at = path.join(root, ...parts.slice(0, i));
    const info = await lstat(at).catch(() => undefined);
    if (info === undefined) return;
    const last = i === parts.length;
    if (info.isSymbolicLink()) throw new UsageError(`Refusing to write ${file}: ${at} is a symbolic link, which could lead outside ${root}; replace it with a real ${last ? 'file' : 'directory'}`);
    if (!last && !info.isDirectory()) throw new UsageError(`Refusing to write ${file}: ${at} is not a directory`);
    if (last && !info.isFile()) throw new UsageError(`Refusing to write ${file}: it is not a regular file`);
  }
}

/**
 * For an output path inside the working directory: refuses a symlink among
 * its parent directories, which a patch could commit to send the output
 * outside the tree. Paths elsewhere are the user's own choice.
 */
export async function assertNoLinkedParents(cwd: string, target: string): Promise<void> {
  if (path.relative(cwd, target) === '' || !contains(cwd, target)) return;
  await assertWritableBelow(cwd, target, true);
}
