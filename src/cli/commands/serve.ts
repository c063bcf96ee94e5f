import { watch, type FSWatcher } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { coreChecks, coreDiagnostic } from '../../diagnostics.js';
import { ConfigError, type FeatureCache } from '../../load/corpus.js';
import { ProseCache } from '../../render/prose-cache.js';
import { renderProseAll } from '../../render/prose-pool.js';
import { buildSiteData, type SiteData } from '../../render/site-data.js';
import type { Diagnostic } from '../../types.js';
import { gitRevision, renderSite } from './build.js';
import { check } from './check.js';

/** Options of {@link serve}. */
export interface ServeOptions {
  cwd: string;
  /** The features directory. Default `features`. */
  dir?: string;
  /** Output directory served. Default `_site`. */
  out?: string;
  /** Port; 0 picks a free one. Default 8080. */
  port?: number;
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
  url: string;
  /** Resolves after the next rebuild has been written (for tests and scripts). */
  nextBuild(): Promise<{ ok: boolean }>;
  close(): Promise<void>;
}

interface DevServer {
  serve(port: number): void;
  ready(): Promise<void>;
  getServerUrl(host: string): string;
  reload(event?: object): void;
  close(): Promise<void>;
}

/**
 * Builds the site, serves it with Eleventy's dev server (live reload) and
 * rebuilds when anything under the features directory changes. While the
 * corpus fails `check`, the findings go to the terminal and, as a banner, on
 * top of the last good pages, which keep being served.
 */
export async function serve(options: ServeOptions): Promise<Server> {
  const features = path.resolve(options.cwd, options.dir ?? 'features');
  const out = path.resolve(options.cwd, options.out ?? '_site');
  let lastGood: SiteData | undefined;
  // Parse results of unchanged files carry over from rebuild to rebuild.
  const cache: FeatureCache = new Map();
  let proseCache = options.proseCache !== undefined ? ProseCache.open(options.proseCache) : undefined;
  let waiting: Array<(result: { ok: boolean }) => void> = [];

  const rebuild = async (): Promise<boolean> => {
    let problems: Diagnostic[];
    try {
      const result = await check({ cwd: options.cwd, dir: features, today: options.today, cache });
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
        lastGood = buildSiteData({ ...result.corpus, releases: result.releases }, { today: options.today, ...(revision !== undefined ? { revision } : {}) });
        const pages = await renderSite(out, lastGood, [], options.log);
        options.log(`Built ${pages} pages from ${result.corpus.features.length} features\n`);
        return true;
      }
      // Nothing good yet: show what there is, under the banner.
      lastGood ??= buildSiteData({ ...result.corpus, releases: result.releases }, { today: options.today });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.diagnostics.length > 0 ? error.diagnostics : [coreDiagnostic(coreChecks.file, path.relative(options.cwd, features) || '.', { line: 1, column: 1 }, 'config', error.message)];
      options.report(problems);
      options.log(`support-matrix: ${error.message}\n`);
    }
    if (lastGood) await renderSite(out, { ...lastGood, problems }, [], options.log);
    options.log(`Not rebuilt: ${problems.length} ${problems.length === 1 ? 'error' : 'errors'}; serving the last good pages with the findings on top\n`);
    return false;
  };

  await rebuild();
  const server = await startDevServer(out, options.port ?? 8080);
  const url = server.getServerUrl('localhost');
  options.log(`Serving ${path.relative(options.cwd, out) || '.'} at ${url} — watching ${path.relative(options.cwd, features) || '.'} (Ctrl+C to stop)\n`);

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
            options.log(`support-matrix: rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
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
    close: async () => {
      clearTimeout(timer);
      watcher.close();
      await running;
      await server.close();
    },
  };
}

async function startDevServer(dir: string, port: number): Promise<DevServer> {
  // The dev server is CommonJS, shipped with Eleventy.
  const require = createRequire(import.meta.url);
  const eleventyEntry = require.resolve('@11ty/eleventy');
  const DevServer = createRequire(eleventyEntry)('@11ty/eleventy-dev-server') as { getServer(name: string, dir: string, options: object): DevServer };
  const server = DevServer.getServer('support-matrix', dir, {
    liveReload: true,
    domDiff: false,
    showVersion: false,
    logger: { log: () => undefined, info: () => undefined, error: (text: string) => process.stderr.write(`${text}\n`) },
    messageOnStart: () => false,
  });
  server.serve(port);
  await server.ready();
  return server;
}
