// Writing a site's files (issue 16): every page of the site/ templates
// rendered in code ({@link sitePages}) and written as it is rendered, the
// assets and the export files beside them. `build` writes a whole new site
// into a fresh directory; `serve` then brings that site up to date in
// place, writing only the files whose bytes changed.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SiteData } from '../../render/site-data.js';
import { siteDirectory } from '../../site/eleventy.js';
import { sitePages } from '../../site/pages.js';

/** A file published beside the pages, by site-relative path. */
export interface SiteFile {
  path: string;
  content: string;
}

/** Each file of a written site by site-relative path, with a digest of its bytes: what `serve` compares a rebuild with. */
export type SiteDigests = Map<string, string>;

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

function digestOf(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('base64');
}

/**
 * Writes files into `dir` as they come, a bounded number at a time, each
 * parent directory made once. Two files at one path are an error (as
 * Eleventy's output conflict was), never a silent overwrite. In place
 * (`replace`), each file is written beside its target and renamed over it,
 * so a page being served is never seen half-written.
 */
class SiteWriter {
  private readonly seen = new Set<string>();
  private readonly directories = new Map<string, Promise<unknown>>();
  private readonly pending = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;
  written = 0;

  constructor(
    private readonly dir: string,
    private readonly replace: boolean,
  ) {}

  /** Claims `file` for this site: the second claim of a path is an error. */
  claim(file: string): void {
    if (this.seen.has(file)) throw new Error(`Two files of the site at ${file}; report this as a bug of support-matrix`);
    this.seen.add(file);
  }

  /** Queues the write of `file`; `written` runs once it is on disk. Waits while too many writes are in flight. */
  async write(file: string, content: string | Uint8Array, written?: () => void): Promise<void> {
    const target = path.join(this.dir, file);
    const parent = path.dirname(target);
    let made = this.directories.get(parent);
    if (made === undefined) this.directories.set(parent, (made = mkdir(parent, { recursive: true })));
    const done = made
      .then(() => (this.replace ? replaceFile(target, content) : writeFile(target, content)))
      .then(() => {
        this.written++;
        written?.();
      })
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
    if (this.pending.size >= WRITES_IN_FLIGHT) await Promise.race(this.pending);
    if (this.failure) throw this.failure.error;
  }

  /** Waits for every write; throws the first failure. */
  async finish(): Promise<void> {
    await Promise.all(this.pending);
    if (this.failure) throw this.failure.error;
  }
}

/** Writes `content` to a new file beside `target`, then renames it over `target`. */
async function replaceFile(target: string, content: string | Uint8Array): Promise<void> {
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, content);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
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

/**
 * Every file of the site of `data` in order — the assets, each page
 * rendered only when it comes, the export files — passed to `each`, which
 * may wait (to bound the writes in flight). Returns the number of pages.
 */
async function eachFile(data: SiteData, files: readonly SiteFile[], writer: SiteWriter, each: (file: string, content: string | Uint8Array) => Promise<void>): Promise<number> {
  for (const asset of await assets()) {
    writer.claim(asset.path);
    await each(asset.path, asset.content);
  }
  let pages = 0;
  for (const page of sitePages(data)) {
    writer.claim(page.path);
    await each(page.path, page.render());
    pages++;
  }
  for (const file of files) {
    writer.claim(file.path);
    await each(file.path, file.content);
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
 * flight are held in memory. With `digests`, records each file's digest
 * there (for a later {@link updatePages}).
 */
export async function writePages(dir: string, data: SiteData, files: readonly SiteFile[] = [], digests?: SiteDigests): Promise<WrittenSite> {
  const writer = new SiteWriter(dir, false);
  const pages = await writing(writer, () =>
    eachFile(data, files, writer, (file, content) => {
      digests?.set(file, digestOf(content));
      return writer.write(file, content);
    }),
  );
  return { pages, written: writer.written, removed: 0 };
}

/**
 * Brings the site in `dir`, whose files are `digests` (from
 * {@link writePages} or an earlier update, and updated here), to the site
 * of `data`: writes each file that is new or whose bytes changed, removes
 * each file the site no longer has and the directories that leaves empty.
 * Files that did not change are not touched. Every page is still rendered
 * to be compared.
 */
export async function updatePages(dir: string, data: SiteData, files: readonly SiteFile[], digests: SiteDigests): Promise<WrittenSite> {
  const writer = new SiteWriter(dir, true);
  const before = new Set(digests.keys());
  const pages = await writing(writer, () =>
    eachFile(data, files, writer, (file, content) => {
      before.delete(file);
      const digest = digestOf(content);
      if (digests.get(file) === digest) return Promise.resolve();
      // Forgotten until written: if the write fails, the next update writes it again.
      digests.delete(file);
      return writer.write(file, content, () => digests.set(file, digest));
    }),
  );
  // Only files this site wrote are removed, then their directories if nothing else is left in them.
  const emptied = new Set<string>();
  for (const file of [...before].sort()) {
    await rm(path.join(dir, file), { force: true });
    digests.delete(file);
    for (let parent = path.dirname(file); parent !== '.'; parent = path.dirname(parent)) emptied.add(parent);
  }
  for (const parent of [...emptied].sort((a, b) => b.length - a.length)) {
    await rmdir(path.join(dir, parent)).catch(() => undefined);
  }
  return { pages, written: writer.written, removed: before.size };
}
