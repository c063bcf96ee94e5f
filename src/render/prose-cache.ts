import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Rendered prose kept between builds, keyed by a hash of each feature file's
 * text. Why: the unified pipeline (micromark above all) takes ≈ 2.5 ms per
 * feature, 25 s of CPU at 10,000 features, and between two builds nearly
 * every file is unchanged. A build renders only the files whose text it has
 * not seen, then rewrites the cache with exactly the entries it used, so the
 * file never grows beyond one corpus.
 *
 * The cache is one JSON file. It is trusted like `node_modules`: its HTML
 * goes into pages as it is. Entries made by another version of the renderer
 * (its source, or any installed package) are never used: the file records a
 * renderer id and is ignored when the id differs. A missing, unreadable or
 * corrupt cache is the same as an empty one.
 */
export class ProseCache {
  readonly #file: string;
  readonly #renderer: string;
  readonly #old = new Map<string, string>();
  readonly #used = new Map<string, string>();

  private constructor(file: string, renderer: string) {
    this.#file = file;
    this.#renderer = renderer;
  }

  /** Opens (reads) the cache file; never throws. */
  static open(file: string, renderer = rendererId()): ProseCache {
    const cache = new ProseCache(file, renderer);
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown; renderer?: unknown; entries?: unknown };
      if (stored.format === FORMAT && stored.renderer === renderer && typeof stored.entries === 'object' && stored.entries !== null) {
        for (const [key, html] of Object.entries(stored.entries)) if (typeof html === 'string') cache.#old.set(key, html);
      }
    } catch {
      // No cache yet, or one that cannot be read: render everything.
    }
    return cache;
  }

  /** HTML rendered earlier for this exact text, if any. */
  get(text: string): string | undefined {
    const key = hashText(text);
    const html = this.#used.get(key) ?? this.#old.get(key);
    if (html !== undefined) this.#used.set(key, html);
    return html;
  }

  set(text: string, html: string): void {
    this.#used.set(hashText(text), html);
  }

  /** Number of entries read from disk that matched this renderer. */
  get loaded(): number {
    return this.#old.size;
  }

  /** Writes the entries used since opening (temp file + rename: readers never see half a file). Failures are ignored: a cache is optional. */
  async save(): Promise<void> {
    // Nothing new and nothing dropped: the file on disk already says it all.
    if (this.#used.size === this.#old.size && [...this.#used.keys()].every((key) => this.#old.has(key))) return;
    try {
      await mkdir(path.dirname(this.#file), { recursive: true });
      const temp = `${this.#file}.${process.pid}.tmp`;
      const entries = Object.fromEntries([...this.#used].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      await writeFile(temp, JSON.stringify({ format: FORMAT, renderer: this.#renderer, entries }));
      await rename(temp, this.#file);
    } catch {
      // A read-only or full disk costs the next build time, nothing else.
    }
  }
}

const FORMAT = 1;

function hashText(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** Packages whose versions change rendered prose. */
const PIPELINE = ['unified', 'remark-parse', 'remark-frontmatter', 'remark-gfm', 'remark-rehype', 'rehype-sanitize', 'rehype-slug', 'rehype-autolink-headings', 'rehype-stringify'];

let cachedRendererId: string | undefined;

/**
 * Identifies the renderer: the prose module's own source, and the exact
 * installed dependency tree (npm's `node_modules/.package-lock.json`) or,
 * without one, the pipeline packages' versions.
 */
export function rendererId(): string {
  if (cachedRendererId !== undefined) return cachedRendererId;
  const hash = createHash('sha256');
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const name of ['markdown.js', 'markdown.ts']) {
    const file = path.join(here, name);
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  const modules = nodeModulesAbove(here);
  const lock = modules === undefined ? undefined : path.join(modules, '.package-lock.json');
  if (lock !== undefined && existsSync(lock)) hash.update(readFileSync(lock));
  else {
    for (const name of PIPELINE) {
      const manifest = modules === undefined ? undefined : path.join(modules, name, 'package.json');
      hash.update(`${name}@${manifest !== undefined && existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version : '?'}\n`);
    }
  }
  cachedRendererId = hash.digest('base64url');
  return cachedRendererId;
}

/** The nearest `node_modules` holding the pipeline, walking up from `dir`. */
function nodeModulesAbove(dir: string): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    const candidate = path.join(at, 'node_modules');
    if (existsSync(path.join(candidate, 'unified', 'package.json'))) return candidate;
    if (path.dirname(at) === at) return undefined;
  }
}

/**
 * The cache file of a features directory, in `dir` when given, else in
 * `$SUPPORT_MATRIX_CACHE_DIR`, else in `node_modules/.cache/support-matrix`
 * when the working directory has a `node_modules`, else in
 * `$XDG_CACHE_HOME/support-matrix` or `~/.cache/support-matrix`; undefined
 * (no cache) when none of these is known. One file per features directory.
 */
export function proseCacheFile(cwd: string, featuresRoot: string, env: Record<string, string | undefined>, dir?: string): string | undefined {
  const base =
    dir ??
    env['SUPPORT_MATRIX_CACHE_DIR'] ??
    (existsSync(path.join(cwd, 'node_modules')) ? path.join(cwd, 'node_modules', '.cache', 'support-matrix') : undefined) ??
    (env['XDG_CACHE_HOME'] ? path.join(env['XDG_CACHE_HOME'], 'support-matrix') : env['HOME'] ? path.join(env['HOME'], '.cache', 'support-matrix') : undefined);
  if (base === undefined) return undefined;
  const name = createHash('sha256').update(path.resolve(cwd, featuresRoot)).digest('hex').slice(0, 16);
  return path.join(path.resolve(cwd, base), `prose-${name}.json`);
}
