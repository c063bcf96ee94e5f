import { execFile } from 'node:child_process';
import { readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { documentOf, type ExportMemo } from '../../export/document.js';
import type { Model } from '../../model/resolve.js';
import { ProseCache } from '../../render/prose-cache.js';
import { renderProseAll } from '../../render/prose-pool.js';
import { siteDataOf, type Download, type SiteData, type SiteMemo } from '../../render/site-data.js';
import { countSitePages } from '../../site/pages.js';
import { directoryIdentity, updatePages, writePages, type SiteFile, type SiteState, type WrittenSite } from './site-files.js';
import type { Diagnostic } from '../../types.js';
import { check, type CheckResult } from './check.js';
import { gitRevision } from '../../load/git-revision.js';

export { gitRevision } from '../../load/git-revision.js';
export type { SiteFile } from './site-files.js';
import { withLock, type LockOptions } from './lock.js';
import { assertSiteOutput, ensureDirectory, isRealDirectory, isRegularFile, makeFreshDirectory, realPathOf, SITE_MARKER, SITE_MARKER_TEXT, type OutputGuard } from './output.js';
import { EXPORT_FILES, renderExport, TREE_FORMATS, type TreeFormat } from './export.js';
import { downstreamOf } from '../../export/downstream/context.js';
import { downstreamFiles } from '../../export/downstream/files.js';

/** Options of {@link build}. */
export interface BuildOptions {
  cwd: string;
  /** The features directory. Default `features`. */
  dir?: string;
  /** Output directory. Default `_site`. */
  out?: string;
  /** Build date (`YYYY-MM-DD`): sign-off ages. */
  today: string;
  /** Source revision for the footer; default: asked from git, if the features are in a repository. */
  revision?: string;
  /** File of prose rendered by earlier builds ({@link ProseCache}); none when undefined. */
  proseCache?: string;
  /** Progress notes (waiting for another build's lock). */
  log?: (text: string) => void;
  /** Base URL the site is published at: absolute links in the feeds and the downstream formats. */
  siteUrl?: string;
}

/** Result of {@link build}. */
export interface BuildResult {
  check: CheckResult;
  diagnostics: Diagnostic[];
  /** Whether the output directory was replaced. False when `check` found errors. */
  written: boolean;
  out: string;
  pages: number;
}


const LABELS: Record<TreeFormat, string> = { json: 'JSON', csv: 'CSV', 'support-md': 'SUPPORT.md', atom: 'Atom feed', jsonfeed: 'JSON Feed' };

/**
 * Every export the site publishes: all tree formats of the working tree
 * under `exports/`, JSON, CSV and SUPPORT.md of each release read from git
 * under `exports/releases/<name>/`, and the downstream formats
 * ({@link downstreamFiles}). With `memo`, the CSV and SUPPORT.md keep each
 * feature's part from the call before (`serve`).
 */
export function siteExports(model: Model, revision?: string, memo?: ExportMemo, siteUrl?: string): { files: SiteFile[]; downloads: SiteData['downloads'] } {
  const files: SiteFile[] = [];
  // One export document per tree, shared by its JSON, CSV and SUPPORT.md.
  const document = documentOf(model, revision !== undefined ? { revision } : {});
  const current: Download[] = TREE_FORMATS.map((format) => {
    const file = { path: `exports/${EXPORT_FILES[format]}`, content: renderExport(model, format, { document, ...(memo ? { memo } : {}), ...(siteUrl !== undefined ? { siteUrl } : {}) }) };
    files.push(file);
    return { label: LABELS[format], path: file.path };
  });
  const view = downstreamOf(model, { document, ...(revision !== undefined ? { revision } : {}), ...(siteUrl !== undefined ? { siteUrl } : {}) });
  // Each release's document, made once for its exports and the downstream formats (a release a caller read beyond project.yml's has none there).
  const made = new Map(view.releases.flatMap((r) => (r.document ? [[r.slug, r.document] as const] : [])));
  const releases: Record<string, Download[]> = {};
  for (const release of model.releases.filter((r) => r.tree !== undefined)) {
    const releaseDocument = made.get(release.slug) ?? documentOf(model, { release });
    releases[release.slug] = (['json', 'csv', 'support-md'] as const).map((format) => {
      const file = { path: `exports/releases/${release.slug}/${EXPORT_FILES[format]}`, content: renderExport(model, format, { document: releaseDocument, ...(memo ? { memo } : {}) }) };
      files.push(file);
      return { label: LABELS[format], path: file.path };
    });
  }
  const downstream = downstreamFiles(view, memo, model.project.badges);
  files.push(...downstream.files);
  for (const [slug, list] of Object.entries(downstream.releases)) releases[slug] = [...(releases[slug] ?? []), ...list];
  return { files, downloads: { current, releases, downstream: downstream.project } };
}

/**
 * The site of a checked corpus: its pages' data and the export files they
 * link to, with edit links from the repository root (`top`, {@link sourceTop}:
 * asked of git when not given); `memo` keeps unchanged features' views
 * from one call to the next (`serve`). What `build` and `serve` render, and what the
 * Eleventy plugin adds to a site of its own.
 */
export async function siteOf(result: CheckResult, options: { cwd: string; today: string; revision: string | undefined; top?: string; memo?: SiteMemo; siteUrl?: string }): Promise<{ data: SiteData; files: SiteFile[] }> {
  const exports = siteExports(result.model, options.revision, options.memo?.exports, options.siteUrl);
  const paths = await sourcePaths(result.corpus.root, options.cwd, result.corpus.features.map((f) => f.file), options.top ?? (await sourceTop(result.corpus.root)));
  const data = siteDataOf(result.model, { today: options.today, downloads: exports.downloads, sourcePaths: paths, ...(options.revision !== undefined ? { revision: options.revision } : {}), ...(options.memo ? { memo: options.memo } : {}) });
  return { data, files: exports.files };
}

/**
 * Checks the corpus and, only if it has no errors, renders the site into a
 * temporary directory beside `out` that then replaces `out`. A failed check
 * or render leaves the previous site untouched.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const out = path.resolve(options.cwd, options.out ?? '_site');
  const guard: OutputGuard = { cwd: options.cwd, features: path.resolve(options.cwd, options.dir ?? 'features') };
  // Before anything else: a refused --out is a usage error, whatever check would say.
  await assertSiteOutput(out, guard, options.out ?? '_site');
  // Even a build that fails its check puts back a site an earlier build left aside.
  if (await exists(path.dirname(out))) await withLock(lockFile(out), () => restoreInterrupted(out), lockOptions(options.log));
  const result = await check({ cwd: options.cwd, today: options.today, ...(options.dir !== undefined ? { dir: options.dir } : {}) });
  if (result.diagnostics.some((d) => d.severity === 'error')) {
    return { check: result, diagnostics: result.diagnostics, written: false, out, pages: 0 };
  }
  const revision = options.revision ?? (await gitRevision(result.corpus.root));
  // Prose first, on every core, except what an earlier build rendered;
  // buildSiteData then finds it rendered.
  const cache = options.proseCache !== undefined ? ProseCache.open(options.proseCache) : undefined;
  await renderProseAll(result.corpus.features.map((f) => f.text), cache);
  const { data, files } = await siteOf(result, { cwd: options.cwd, today: options.today, revision, ...(options.siteUrl !== undefined ? { siteUrl: options.siteUrl } : {}) });
  const pages = await renderSite(out, data, { files, guard, ...(options.log ? { log: options.log } : {}) });
  await cache?.save();
  return { check: result, diagnostics: result.diagnostics, written: true, out, pages };
}

/** Options of {@link renderSite} and {@link updateSite}. */
export interface SiteWrite {
  /** Export files published beside the pages. */
  files?: readonly SiteFile[];
  /** Progress notes (waiting for another build's lock). */
  log?: (text: string) => void;
  /** What `out` must never replace ({@link assertSiteOutput}). Default: the working directory. */
  guard?: OutputGuard;
  /** The files written and where: filled by {@link renderSite}, compared and kept current by {@link updateSite}. */
  state?: SiteState;
}

/** A site without its pages is no site: never swapped in, never reported as built. */
function assertAllPages(data: SiteData, pages: number): void {
  const expected = expectedPages(data);
  if (pages !== expected || countSitePages(data) !== expected) {
    throw new Error(`Rendered ${pages} of the ${expected} pages the site needs (each page of the matrix, of each arch's and each release's, each feature's, the Releases, sign-offs and statuses pages); report this as a bug of support-matrix`);
  }
}

/**
 * Renders `data` ({@link writePages}) into a fresh temporary directory and
 * swaps it in for `out`. Returns the number of pages. Builds into the same
 * `out` take turns: each holds `.<out>.lock` beside it from the first write
 * to the swap, so two at once can never mix their pages, and under the lock
 * any `.<out>.building-*` directory is what a killed build left: removed.
 * `out` must pass {@link assertSiteOutput}: only a site we made is replaced.
 */
export async function renderSite(out: string, data: SiteData, options: SiteWrite = {}): Promise<number> {
  const guard = options.guard ?? { cwd: process.cwd() };
  await assertSiteOutput(out, guard);
  // Same parent directory: the final rename must not cross file systems.
  const parent = path.dirname(out);
  await ensureDirectory(parent);
  return withLock(
    lockFile(out),
    async () => {
      await restoreInterrupted(out);
      await removeAbandoned(out);
      // Again under the lock: the directory may have changed while this build waited.
      await assertSiteOutput(out, guard);
      const temp = await makeFreshDirectory(path.join(parent, `.${path.basename(out)}.building-`));
      // Filled as the files are written; emptied again if the site is not swapped in.
      options.state?.clear();
      try {
        // First, so that whatever a killed build leaves is known as ours.
        await writeFile(path.join(temp, SITE_MARKER), SITE_MARKER_TEXT);
        const { pages } = await writePages(temp, data, options.files, options.state);
        assertAllPages(data, pages);
        await swap(temp, out);
        if (options.state) options.state.root = directoryIdentity(out);
        return pages;
      } catch (error) {
        options.state?.clear();
        await removeSite(temp);
        throw error;
      }
    },
    lockOptions(options.log),
  );
}

/**
 * Brings the site that {@link renderSite} wrote at `out` (with
 * `options.state`) up to date with `data` in place ({@link updatePages}):
 * only files that changed are written, all of them before any is renamed
 * into place, so a failure leaves the site as it was and a page is never
 * served half-written. Under the same lock as a build. When `out` is no
 * longer that very directory (another build swapped in its own site, or it
 * was removed) or the update fails, the state is cleared and the error
 * thrown: the caller renders the whole site again.
 */
export async function updateSite(out: string, data: SiteData, options: SiteWrite & { state: SiteState }): Promise<WrittenSite> {
  const guard = options.guard ?? { cwd: process.cwd() };
  const { state } = options;
  return withLock(
    lockFile(out),
    async () => {
      try {
        await assertSiteOutput(out, guard);
        const here = directoryIdentity(out);
        if (state.size === 0 || here === undefined || here !== state.root || !(await isRegularFile(path.join(out, SITE_MARKER)))) throw new Error(`${out} is not the site this server wrote`);
        return await updatePages(out, data, options.files ?? [], state, (pages) => assertAllPages(data, pages));
      } catch (error) {
        state.clear();
        throw error;
      }
    },
    lockOptions(options.log),
  );
}

/** The lock file of an output directory: beside it, hidden. */
function lockFile(out: string): string {
  return path.join(path.dirname(out), `.${path.basename(out)}.lock`);
}

function lockOptions(log: ((text: string) => void) | undefined): LockOptions {
  return { onWait: (holder) => log?.(`support-matrix: waiting for another build (process ${holder.pid}) writing the same output directory\n`) };
}

/**
 * Under the lock, temporary directories of earlier builds belong to builds
 * that died: remove them, but only those a build made (marked, or empty).
 */
async function removeAbandoned(out: string): Promise<void> {
  for (const name of await readdir(path.dirname(out)).catch(() => [] as string[])) {
    const dir = path.join(path.dirname(out), name);
    if (isBuildingName(out, name) && (await madeByBuild(dir))) await removeSite(dir);
  }
}

/** `.<out>.building-<12 hex digits>`, maybe with `.old`: exactly the names {@link renderSite} makes. */
function isBuildingName(out: string, name: string): boolean {
  const prefix = `.${path.basename(out)}.building-`;
  return name.startsWith(prefix) && /^[0-9a-f]{12}(\.old)?$/.test(name.slice(prefix.length));
}

/**
 * Removes a site directory with its marker last, so that a build killed
 * half-way through leaves a directory still known as ours, which the next
 * build removes.
 */
async function removeSite(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name !== SITE_MARKER) await rm(path.join(dir, name), { recursive: true, force: true });
  }
  await rm(dir, { recursive: true, force: true });
}

/** A directory holding our marker, or an empty one (a build killed right after creating it). */
async function madeByBuild(dir: string): Promise<boolean> {
  // A link named like a leftover is not one: following it could empty a directory elsewhere.
  if (!(await isRealDirectory(dir))) return false;
  const entries = await readdir(dir).catch(() => undefined);
  return entries !== undefined && (entries.length === 0 || (await isRegularFile(path.join(dir, SITE_MARKER))));
}

/**
 * Puts `temp` in place of `out`: one rename when there is no previous site.
 * A directory cannot be replaced by rename(2) while it exists, so an old site
 * is first renamed aside; if the second rename fails it is put back, and if
 * the process dies between the two, the next build restores it
 * ({@link restoreInterrupted}). A symlink swap would be atomic, but `_site`
 * as a symlink surprises deploy tools that copy or upload it.
 */
async function swap(temp: string, out: string): Promise<void> {
  if (!(await exists(out))) {
    await rename(temp, out);
    return;
  }
  const old = `${temp}.old`;
  await rename(out, old);
  try {
    await rename(temp, out);
  } catch (error) {
    await rename(old, out);
    throw error;
  }
  await removeSite(old);
}

/**
 * A build killed between the two renames of {@link swap} leaves no `out` but
 * the previous site under `.<out>.building-*.old`: put it back first.
 */
async function restoreInterrupted(out: string): Promise<void> {
  if (await exists(out)) return;
  const names = (await readdir(path.dirname(out)).catch(() => [] as string[])).filter((name) => isBuildingName(out, name) && name.endsWith('.old')).sort();
  const latest = names.at(-1);
  const aside = latest === undefined ? undefined : path.join(path.dirname(out), latest);
  // Only a real directory that a build marked as a site goes back in place.
  if (aside !== undefined && (await isRealDirectory(aside)) && (await isRegularFile(path.join(aside, SITE_MARKER)))) await rename(aside, out);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** The pages a site of `data` has: the statuses page, each page of the Releases page and of the sign-offs, one per feature, and each page of the current matrix, of each arch's and of each release's. */
export function expectedPages(data: SiteData): number {
  return 1 + data.signoffPages.length + data.overviewPages.length + data.features.length + data.pages.matrix.length + data.pages.arch.length + data.pages.release.length;
}

/**
 * The real path of the git work tree holding the features directory `root`
 * (outside git, of the directory holding `root`): what feature paths in
 * edit links are relative to. Asked once per command; `serve` keeps it.
 */
export async function sourceTop(root: string): Promise<string> {
  const run = promisify(execFile);
  const top = await run('git', ['rev-parse', '--show-toplevel'], { cwd: root }).then(
    (r) => r.stdout.trim(),
    () => path.dirname(root),
  );
  return realPathOf(top);
}

/**
 * Each feature file's path from `top` ({@link sourceTop}), by `Feature.file`
 * (a path from `cwd`): what a forge's edit link needs, whatever directory
 * the command ran in.
 */
export async function sourcePaths(root: string, cwd: string, files: readonly string[], top: string): Promise<Map<string, string>> {
  // Compared as real paths: a features directory reached through a symlink is still in its work tree.
  const realRoot = await realPathOf(root);
  return new Map(files.map((file) => [file, path.relative(top, path.join(realRoot, path.relative(root, path.resolve(cwd, file)))).split(path.sep).join('/')]));
}

