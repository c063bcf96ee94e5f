// Writing a site's files (issue 16): every page of the site/ templates
// rendered in code ({@link sitePages}) and written as it is rendered, the
// assets and the export files beside them. `build` writes a whole new site
// into a fresh directory; `serve` then brings that site up to date in
// place, writing only the files whose bytes changed.
import { hash, randomBytes } from 'node:crypto';
import { lstatSync, rmSync, type Stats } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SiteData } from '../../render/site-data.js';
import { siteDirectory } from '../../site/eleventy.js';
import { sitePages, type SitePage } from '../../site/pages.js';
import { aboutTarget } from './output.js';
import { checkingReuse, sameParts } from '../../reuse.js';

/** A file published beside the pages, by site-relative path. */
export interface SiteFile {
  path: string;
  content: string;
}

/** A file as this process wrote it: a digest of its bytes, what `lstat` said of it just after, and what it was made from ({@link inputsOf}). */
interface WrittenFile {
  digest: string;
  stamp: Stamp;
  inputs?: readonly unknown[] | undefined;
}

/**
 * The files of a site this process wrote (by site-relative path) and the
 * directory they are in: what `serve` compares a rebuild with. A file is
 * taken as unchanged only if its bytes would be the same and it is still
 * the very file written (same inode, size and time), so a file deleted,
 * edited or replaced on disk is written again.
 */
export class SiteState {
  readonly files = new Map<string, WrittenFile>();
  /** Device and inode of the site directory once it was swapped in. */
  root: string | undefined;

  /** Forgets everything: the next write is of a whole new site. */
  clear(): void {
    this.files.clear();
    this.root = undefined;
  }

  get size(): number {
    return this.files.size;
  }
}

/** What {@link writePages} and {@link updatePages} did. */
export interface WrittenSite {
  /** Pages of the site (HTML files rendered from the templates). */
  pages: number;
  /** Files written: every file of a new site; the changed and new ones of an update. */
  written: number;
  /** Files of the previous site no longer in the site, removed (updates only). */
  removed: number;
}

/** Files written at once: enough to keep the disk busy while the next page renders, few enough that memory holds only these. */
const WRITES_IN_FLIGHT = 32;

/** A file's content as the bytes written. */
function bytesOf(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? Buffer.from(content) : content;
}

function digestOf(content: string | Uint8Array): string {
  return hash('sha256', content, 'base64');
}

/** What identifies a file on disk as the one written: its device, inode, size, and modification and change times (a hand edit that puts the modification time back still moves the change time). */
export interface Stamp {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

/** The {@link Stamp} of a file's `lstat`: numbers, compared as they are (a site of 100,000 files is checked on every rebuild of `serve`, so no string is made of them). */
export function stampOf(info: Stats): Stamp {
  return { dev: info.dev, ino: info.ino, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs };
}

/** Whether `info` is of the file `stamp` was taken of, unchanged since. */
function sameStamp(info: Stats, stamp: Stamp | undefined): boolean {
  return stamp !== undefined && info.ino === stamp.ino && info.size === stamp.size && info.mtimeMs === stamp.mtimeMs && info.ctimeMs === stamp.ctimeMs && info.dev === stamp.dev;
}

/** Which directory `dir` is (device and inode), or undefined when it is not a real directory. */
export function directoryIdentity(dir: string): string | undefined {
  const info = lstatIf(dir);
  return info?.isDirectory() ? `${info.dev}:${info.ino}` : undefined;
}

/**
 * Writes files into `dir`, a bounded number at a time, each parent
 * directory made once. Every path of the site is claimed first: two files
 * at one path, or a file where another's directory is, are an error (as
 * Eleventy's output conflict was), never an overwrite.
 */
class SiteWriter {
  private readonly files = new Set<string>();
  private readonly directories = new Set<string>();
  private readonly made = new Map<string, Promise<unknown>>();
  private readonly pending = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly dir: string) {}

  /** Claims `file` for this site. */
  claim(file: string): void {
    const parent = ancestors(file).find((d) => this.files.has(d));
    const clash = this.files.has(file) || this.directories.has(file) ? file : parent !== undefined ? `${parent} (and ${file} inside it)` : undefined;
    if (clash !== undefined) throw new Error(`Two files of the site at ${clash}; report this as a bug of support-matrix`);
    this.files.add(file);
    for (const d of ancestors(file)) this.directories.add(d);
  }

  /** Queues writing `content` to `target` (absolute); `done` runs once it is on disk. Waits while too many writes are in flight. */
  async write(target: string, content: string | Uint8Array, done?: () => void, flag = 'w'): Promise<void> {
    const parent = path.dirname(target);
    let made = this.made.get(parent);
    if (made === undefined) this.made.set(parent, (made = mkdir(parent, { recursive: true })));
    const job = made
      .then(() => writeFile(target, content, { flag }).catch((error: unknown) => Promise.reject(aboutTarget(error, target))))
      .then(() => done?.())
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.pending.delete(job));
    this.pending.add(job);
    if (this.pending.size >= WRITES_IN_FLIGHT) await Promise.race(this.pending);
    if (this.failure) throw this.failure.error;
  }

  /** Waits for every write; throws the first failure. */
  async finish(): Promise<void> {
    await Promise.all(this.pending);
    if (this.failure) throw this.failure.error;
  }

  target(file: string): string {
    return path.join(this.dir, file);
  }
}

/** `a/b/c.html` → `a`, `a/b`. */
function ancestors(file: string): string[] {
  const parts = file.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** The package's assets (`site/assets/`), read once per process. */
let assetFiles: Promise<Array<{ path: string; content: Buffer }>> | undefined;
function assets(): Promise<Array<{ path: string; content: Buffer }>> {
  return (assetFiles ??= (async () => {
    const dir = path.join(siteDirectory, 'assets');
    const found: Array<{ path: string; content: Buffer }> = [];
    for (const name of (await readdir(dir, { recursive: true })).sort()) {
      const file = path.join(dir, name);
      // Read and written, not copied: a copy keeps the package's file modes, where the site's files follow the umask.
      if ((await stat(file)).isFile()) found.push({ path: `assets/${name.split(path.sep).join('/')}`, content: await readFile(file) });
    }
    return found;
  })());
}

/** A file of the site as {@link eachFile} gives it: its content, or for a page what renders it. */
type Source = { content: string | Uint8Array } | { page: SitePage };

/**
 * What a file is made of, compared part by part (`===`) with what it was
 * last written from: a page's inputs ({@link SitePage.inputs}); for any
 * other file its content itself (a string compares by value, in place of a
 * digest of its bytes; an asset is the same object all along).
 */
function inputsOf(source: Source): readonly unknown[] | undefined {
  return 'page' in source ? source.page.inputs() : [source.content];
}

/**
 * Every file of the site of `data` in order — the assets, each page (for
 * `each` to render, or not), the export files — each claimed, then passed
 * to `each`, which may wait (to bound the writes in flight). Returns the
 * number of pages.
 */
async function eachFile(data: SiteData, files: readonly SiteFile[], writer: SiteWriter, each: (file: string, source: Source) => Promise<void>): Promise<number> {
  for (const asset of await assets()) {
    writer.claim(asset.path);
    await each(asset.path, { content: asset.content });
  }
  let pages = 0;
  for (const page of sitePages(data)) {
    writer.claim(page.path);
    await each(page.path, { page });
    pages++;
  }
  for (const file of files) {
    writer.claim(file.path);
    await each(file.path, { content: file.content });
  }
  return pages;
}

/** Runs `task` with `writer`, and waits for its writes whatever happens: nothing is left writing into a directory the caller may remove next. */
async function writing<T>(writer: SiteWriter, task: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await task();
  } finally {
    await writer.finish().catch(() => undefined);
  }
  await writer.finish();
  return result;
}

/**
 * Writes every file of the site of `data` into the new directory `dir`,
 * rendering each page just before its write so that only the pages in
 * flight are held in memory. With `state`, records each file there (for a
 * later {@link updatePages}).
 */
export async function writePages(dir: string, data: SiteData, files: readonly SiteFile[] = [], state?: SiteState): Promise<WrittenSite> {
  const writer = new SiteWriter(dir);
  let written = 0;
  const pages = await writing(writer, () =>
    eachFile(data, files, writer, (file, source) => {
      const made = 'page' in source ? source.page.render() : source.content;
      // Encoded once, for the digest and the write.
      const content = state ? bytesOf(made) : made;
      const inputs = state ? inputsOf(source) : undefined;
      const digest = state ? digestOf(content) : '';
      const target = writer.target(file);
      return writer.write(target, content, () => {
        written++;
        state?.files.set(file, { digest, stamp: stampOf(lstatSync(target)), inputs });
      });
    }),
  );
  return { pages, written, removed: 0 };
}

/**
 * Refuses directories below `dir` (site-relative, each after its parent)
 * that are anything but real directories: a directory of the site replaced
 * by a symbolic link would lead a write (or a removal) elsewhere. Each is
 * checked once per update; a missing one is fine (it will be made).
 */
function assertRealDirectories(dir: string, directories: readonly string[], checked: Set<string>): void {
  for (const d of directories) {
    if (checked.has(d)) continue;
    const info = lstatIf(path.join(dir, d));
    if (info !== undefined && (info.isSymbolicLink() || !info.isDirectory())) {
      throw new Error(`${path.join(dir, d)} is no longer a directory of the site this server wrote (it is a ${info.isSymbolicLink() ? 'symbolic link' : 'file'})`);
    }
    // A missing directory is checked again next time: something may have made it since.
    if (info !== undefined) checked.add(d);
  }
}

function lstatIf(file: string): Stats | undefined {
  try {
    // Without an exception for a missing file, the common case: asked of every file of the site on every rebuild.
    return lstatSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** A changed file written beside its target, waiting to be renamed over it. */
interface Staged {
  file: string;
  temp: string;
  target: string;
  digest: string;
  inputs: readonly unknown[] | undefined;
}

/**
 * Brings the site in `dir`, whose files are in `state` (from
 * {@link writePages} or an earlier update, and updated here), to the site
 * of `data`, in three steps so that a failure leaves the served site as it
 * was: every file that is new or whose bytes changed is first written
 * beside its target under a hidden name; only once all are written and
 * `verify(pages)` passed are they renamed over their targets; then the
 * files the site no longer has are removed, with the directories that
 * leaves empty. Files that did not change are not touched. A file made of
 * the very inputs it was last written from ({@link inputsOf}) is taken as
 * unchanged (a page is not rendered again); every other page is rendered
 * and compared by digest. Throws, with `state` cleared, when a file cannot
 * be written or a directory of the site is no longer a real directory: the
 * caller writes the whole site again.
 */
export async function updatePages(dir: string, data: SiteData, files: readonly SiteFile[], state: SiteState, verify: (pages: number) => void = () => undefined): Promise<WrittenSite> {
  const writer = new SiteWriter(dir);
  const checked = new Set<string>();
  const before = new Set(state.files.keys());
  const staged: Staged[] = [];
  let pages: number;
  try {
    pages = await writing(writer, () =>
      eachFile(data, files, writer, (file, source) => {
        before.delete(file);
        const target = writer.target(file);
        const known = state.files.get(file);
        const unchanged = (): boolean => {
          const info = lstatIf(target);
          return info !== undefined && info.isFile() && sameStamp(info, known?.stamp);
        };
        const inputs = inputsOf(source);
        // A file made of the very same inputs as the one on disk is that file: a page is not rendered again, nothing is hashed.
        if (known !== undefined && sameParts(inputs, known.inputs) && unchanged()) {
          // With SUPPORT_MATRIX_CHECK_REUSE=1 (the test suite), rendered anyway and compared.
          if (checkingReuse() && 'page' in source && digestOf(source.page.render()) !== known.digest) {
            throw new Error(`${file} was not rendered again because its inputs are unchanged, but its bytes changed; report this as a bug of support-matrix`);
          }
          // The new, equal content is what the caller holds now: the old one is let go.
          known.inputs = inputs;
          return Promise.resolve();
        }
        // Encoded once, for the digest and the write.
        const content = bytesOf('page' in source ? source.page.render() : source.content);
        const digest = digestOf(content);
        if (known?.digest === digest && unchanged()) {
          known.inputs = inputs;
          return Promise.resolve();
        }
        assertRealDirectories(dir, ancestors(file), checked);
        // Hidden (the server never serves dot-files) and made new (`wx`): never an existing file.
        const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
        staged.push({ file, temp, target, digest, inputs });
        return writer.write(temp, content, undefined, 'wx');
      }),
    );
    verify(pages);
  } catch (error) {
    for (const { temp } of staged) rmSync(temp, { force: true });
    state.clear();
    throw error;
  }
  try {
    for (const [i, { file, temp, target, digest, inputs }] of staged.entries()) {
      await rename(temp, target).catch((error: unknown) => {
        for (const rest of staged.slice(i)) rmSync(rest.temp, { force: true });
        return Promise.reject(aboutTarget(error, target, 'rename'));
      });
      state.files.set(file, { digest, stamp: stampOf(lstatSync(target)), inputs });
    }
    // Only files this site wrote are removed, then their directories if nothing else is left in them.
    const emptied = new Set<string>();
    for (const file of [...before].sort()) {
      assertRealDirectories(dir, ancestors(file), checked);
      await rm(path.join(dir, file), { force: true });
      state.files.delete(file);
      for (const d of ancestors(file)) emptied.add(d);
    }
    for (const d of [...emptied].sort((a, b) => b.length - a.length)) {
      assertRealDirectories(dir, [...ancestors(d), d], checked);
      await rmdir(path.join(dir, d)).catch(() => undefined);
    }
  } catch (error) {
    state.clear();
    throw error;
  }
  return { pages, written: staged.length, removed: before.size };
}
