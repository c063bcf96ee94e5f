import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { coreChecks, coreDiagnostic, counted } from '../../diagnostics.js';
import { ConfigError, type FeatureCache } from '../../load/corpus.js';
import { html } from '../../render/html.js';
import { documentHead, findingList } from '../../render/pages/layout.js';
import { ProseCache } from '../../render/prose-cache.js';
import { renderProseAll } from '../../render/prose-pool.js';
import { SiteMemo, type SiteData } from '../../render/site-data.js';
import type { Diagnostic } from '../../types.js';
import { describeSystemError, systemErrorOf, UsageError } from '../errors.js';
import { gitRevision, renderSite, siteOf, sourceTop, updateSite } from './build.js';
import { SiteState, type SiteFile } from './site-files.js';
import { assertSiteOutput, type OutputGuard } from './output.js';
import { check, CheckMemo } from './check.js';
import { startDevServer, type DevServer } from './dev-server.js';

/** Options of {@link serve}. */
export interface ServeOptions {
  cwd: string;
  /** The features directory. Default `features`. */
  dir?: string;
  /** Output directory served. Default `_site`. */
  out?: string;
  /** Port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Address to listen on. Default `127.0.0.1`; `0.0.0.0` or `::` makes the site reachable from other machines. */
  host?: string;
  today: string;
  /** Prints findings and progress (the terminal). */
  log: (text: string) => void;
  /** Prints findings as the CLI's formatter does. */
  report: (diagnostics: Diagnostic[]) => void;
  /** Quiet period after a change before rebuilding, in ms. Default 100. */
  debounce?: number;
  /** File of prose rendered by earlier builds, used by the first build; none when undefined. */
  proseCache?: string;
}

/** A running dev server. */
export interface Server {
  /** `http://127.0.0.1:8080/`: the address actually bound. */
  url: string;
  /** Resolves after the next rebuild has been written (for tests and scripts). */
  nextBuild(): Promise<{ ok: boolean }>;
  /** The files answered from memory rather than written ({@link IN_MEMORY}), by site-relative path, as of the last good build. */
  memory(): ReadonlyMap<string, string>;
  close(): Promise<void>;
}

/**
 * Files under this site-relative directory (the badges) are answered from
 * memory and never written by `serve`: every feature's, cell's and
 * release's badge is two small files, tens of thousands at scale, and
 * checking each of them on disk after every rebuild would cost more than
 * everything else a rebuild writes. `build` writes them.
 */
export const IN_MEMORY = 'exports/badges/';

/**
 * Builds the site, serves it ({@link startDevServer}: loopback only by
 * default, live reload) and rebuilds when anything under the features
 * directory changes. While the corpus fails `check`, the findings go to the
 * terminal and, as a banner, on top of the last good pages, which keep being
 * served. Until a first build passes, nothing is written to the output
 * directory and every page is a page of the findings: content that fails
 * `check` is never rendered.
 */
export async function serve(options: ServeOptions): Promise<Server> {
  const features = path.resolve(options.cwd, options.dir ?? 'features');
  const out = path.resolve(options.cwd, options.out ?? '_site');
  const guard: OutputGuard = { cwd: options.cwd, features };
  // As in `build`: only a site that support-matrix made is ever replaced.
  await assertSiteOutput(out, guard, options.out ?? '_site');
  let lastGood: { data: SiteData; files: SiteFile[] } | undefined;
  let memory: ReadonlyMap<string, string> = new Map();
  // The files of the site on disk, for writing only what a rebuild changes; empty when the whole site must be written.
  const state = new SiteState();
  const write = async (data: SiteData, files: readonly SiteFile[]): Promise<{ pages: number; written: number; removed: number }> => {
    if (state.size > 0) {
      try {
        return await updateSite(out, data, { files, log: options.log, guard, state });
      } catch (error) {
        // The state is gone: the whole site is written again, in a new directory swapped in.
        options.log(`support-matrix: writing the whole site again (${errorText(error)})\n`);
      }
    }
    const pages = await renderSite(out, data, { files, log: options.log, guard, state });
    return { pages, written: state.size, removed: 0 };
  };
  // The findings page served while no build has passed yet.
  let unbuilt: string | undefined;
  // The work tree edit links are relative to: asked of git once, not on every rebuild.
  let top: string | undefined;
  // Parse results of unchanged files, and what was resolved and shown of them, carry over from rebuild to rebuild.
  const cache: FeatureCache = new Map();
  const memo = new CheckMemo();
  const views = new SiteMemo();
  let proseCache = options.proseCache !== undefined ? ProseCache.open(options.proseCache) : undefined;
  let waiting: Array<(result: { ok: boolean }) => void> = [];

  const rebuild = async (): Promise<boolean> => {
    let problems: Diagnostic[];
    try {
      const result = await check({ cwd: options.cwd, dir: features, today: options.today, cache, memo });
      problems = result.diagnostics.filter((d) => d.severity === 'error');
      options.report(result.diagnostics);
      if (problems.length === 0) {
        const revision = await gitRevision(features);
        if (proseCache !== undefined) {
          // The first good build reuses earlier builds' prose, on every core;
          // later rebuilds render only changed files, from memory.
          await renderProseAll(result.corpus.features.map((f) => f.text), proseCache);
          await proseCache.save();
          proseCache = undefined;
        }
        top ??= await sourceTop(result.corpus.root);
        // The site `build` writes, exports included.
        const site = await siteOf(result, { cwd: options.cwd, today: options.today, revision, top, memo: views });
        lastGood = { data: site.data, files: site.files.filter((f) => !f.path.startsWith(IN_MEMORY)) };
        const { pages, written, removed } = await write(lastGood.data, lastGood.files);
        memory = new Map(site.files.filter((f) => f.path.startsWith(IN_MEMORY)).map((f) => [f.path, f.content]));
        unbuilt = undefined;
        options.log(`Built ${counted(pages, 'page')} from ${counted(result.corpus.features.length, 'feature')} (${counted(written, 'file')} written${removed > 0 ? `, ${removed} removed` : ''})\n`);
        return true;
      }
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.diagnostics.length > 0 ? error.diagnostics : [coreDiagnostic(coreChecks.file, path.relative(options.cwd, features) || '.', { line: 1, column: 1 }, 'config', error.message)];
      options.report(problems);
      options.log(`support-matrix: ${error.message}\n`);
    }
    const errors = `${problems.length} ${problems.length === 1 ? 'error' : 'errors'}`;
    if (lastGood === undefined) {
      // Never render what fails check, not even under a banner: it would be
      // on disk, and on screen, as if it were the site.
      unbuilt = findingsPage(problems);
      options.log(`Not built: ${errors}; nothing is written to ${path.relative(options.cwd, out) || '.'} until check passes, and every page shows the findings\n`);
      return false;
    }
    await write({ ...lastGood.data, problems }, lastGood.files);
    options.log(`Not rebuilt: ${errors}; serving the last good pages with the findings on top\n`);
    return false;
  };

  await rebuild();
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8080;
  let server: DevServer;
  try {
    server = await startDevServer({ root: out, host, port, log: options.log, unavailable: () => unbuilt, memory: () => memory });
  } catch (error) {
    throw listenError(error, host, port);
  }
  const url = server.url;
  options.log(`Serving ${path.relative(options.cwd, out) || '.'} at ${url} — watching ${path.relative(options.cwd, features) || '.'} (Ctrl+C to stop)\n`);
  if (!server.loopback) options.log(`Note: listening on ${host}, so the site and its live reload are reachable from other machines that can reach this one; the default --host 127.0.0.1 keeps them local\n`);

  // Rebuilds run one at a time; changes during a rebuild trigger one more.
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) {
        again = true;
        return;
      }
      running = (async () => {
        do {
          again = false;
          let ok = false;
          try {
            ok = await rebuild();
          } catch (error) {
            options.log(`support-matrix: rebuild failed: ${errorText(error)}\n`);
          }
          server.reload();
          const resolve = waiting;
          waiting = [];
          for (const r of resolve) r({ ok });
        } while (again);
        running = undefined;
      })();
    }, options.debounce ?? 100);
  };
  const watcher: FSWatcher = watch(features, { recursive: true }, schedule);

  return {
    url,
    nextBuild: () => new Promise((resolve) => waiting.push(resolve)),
    memory: () => memory,
    close: async () => {
      clearTimeout(timer);
      watcher.close();
      await running;
      await server.close();
    },
  };
}

/** The page every request gets while no build has passed `check`: the findings, escaped, and nothing of the corpus. */
function findingsPage(problems: readonly Diagnostic[]): string {
  const count = `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`;
  return html`${documentHead(`Not built: check fails (${count})`)}
</head>
<body>
<main id="main">
<section class="problems" role="alert" aria-labelledby="problems-title">
<h1 id="problems-title">Not built: the features do not pass check (${count})</h1>
<p>No build has passed yet, so there are no pages to show. Fix these and save; this page reloads when the site is built.</p>
${findingList(problems)}
</section>
</main>
</body>
</html>
`.value;
}

/** Why the server could not listen, as something the user can act on. */
function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new UsageError(`Port ${port} on ${host} is already in use; pass another --port, or --port 0 for a free one`);
  if (code === 'EACCES') return new UsageError(`Not allowed to listen on port ${port} on ${host}; pass a --port above 1023, or --port 0 for a free one`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new UsageError(`Unexpected --host \`${host}\`, expected an address of this machine such as 127.0.0.1, ::1 or 0.0.0.0`);
  return error;
}

/** An error as one line for the terminal: a system error says what could not be done to which path, and what to do. */
function errorText(error: unknown): string {
  const system = systemErrorOf(error);
  if (system) return describeSystemError(system);
  return error instanceof Error ? error.message : String(error);
}
