/**
 * Shared setup of the real-browser tests: build a site once per test file
 * into a temporary directory, serve it from 127.0.0.1, and drive Debian's
 * Chromium through playwright-core.
 */
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { build } from '../../src/cli/commands/build.js';
import { copySample, repoRoot } from '../helpers/cli.js';
import { sampleWithReleases } from '../helpers/release-sample.js';
import { TODAY } from '../helpers/corpus.js';

/** Debian's Chromium; `CHROMIUM_PATH` may point elsewhere. Never downloaded. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Time for building a corpus and starting Chromium on a busy 2-core machine. */
export const SETUP_TIMEOUT = 120_000;

/** Launches Chromium, failing with a clear message when it is not installed. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM_PATH}. The browser tests need a system Chromium ` +
        `(Debian: \`apt-get install chromium\`) or CHROMIUM_PATH set to one; they never download a browser.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * A corpus to build: the sample in `features/`, a directory relative to the
 * repository root, or the sample in a real git repository with two tagged
 * releases ({@link sampleWithReleases}).
 */
export type SiteSource = { sample: true; rowsPerPage?: number } | { dir: string } | { releases: true };

export { RELEASE_1_0, sampleWithReleases } from '../helpers/release-sample.js';

/** A built site on disk. */
export interface BuiltSite {
  /** Temporary directory holding the build; removed by {@link removeBuilt}. */
  temp: string;
  /** The output directory (`_site`). */
  out: string;
}

/** Builds a corpus with the in-process `build` API into a fresh temporary directory. */
export async function buildSite(source: SiteSource): Promise<BuiltSite> {
  const temp = await mkdtemp(path.join(tmpdir(), 'support-matrix-browser-'));
  try {
    const out = path.join(temp, '_site');
    let options: Parameters<typeof build>[0];
    if ('sample' in source) {
      const features = await copySample(temp);
      // The sample's matrices split into pages of at most this many rows (`site.rows-per-page`).
      if (source.rowsPerPage !== undefined) await appendFile(path.join(features, 'project.yml'), `\nsite:\n  rows-per-page: ${source.rowsPerPage}\n`);
      options = { cwd: temp, out, today: TODAY, revision: 'test' };
    } else if ('releases' in source) {
      await sampleWithReleases(temp);
      options = { cwd: temp, out, today: TODAY, revision: 'test' };
    } else {
      options = { cwd: repoRoot, dir: source.dir, out, today: TODAY, revision: 'test' };
    }
    const result = await build(options);
    if (!result.written) {
      const problems = result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.message}`).join('\n');
      throw new Error(`build did not write the site; check found:\n${problems}`);
    }
    return { temp, out };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** A running static file server. */
export interface StaticServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves `root` on 127.0.0.1 on a free port: directory URLs get their
 * `index.html` (a directory without its trailing slash is redirected to it,
 * as a static host would), unknown paths 404, nothing outside `root`.
 */
export async function serve(root: string): Promise<StaticServer> {
  const base = path.resolve(root);
  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      let pathname: string;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        response.writeHead(400).end('bad request');
        return;
      }
      const file = path.resolve(base, `.${pathname}`);
      if (file !== base && !file.startsWith(base + path.sep)) {
        response.writeHead(403).end('forbidden');
        return;
      }
      const info = await stat(file).catch(() => undefined);
      let target = file;
      if (info?.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          response.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
          return;
        }
        target = path.join(file, 'index.html');
      }
      const body = await readFile(target).catch(() => undefined);
      if (body === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[path.extname(target).toLowerCase()] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    })().catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Site paths (`/`, `/arch/x86/`, ...) of every `index.html` under `out`, sorted. */
export async function sitePages(out: string): Promise<string[]> {
  const entries = await readdir(out, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name === 'index.html')
    .map((e) => {
      const rel = path.relative(out, e.parentPath).split(path.sep).join('/');
      return rel === '' ? '/' : `/${rel}/`;
    })
    .sort();
}

/** The built HTML of a site path, read from disk. */
export function builtHtml(out: string, sitePath: string): Promise<string> {
  return readFile(path.join(out, ...sitePath.split('/').filter(Boolean), 'index.html'), 'utf8');
}

/** Decodes the character references the renderer emits in attribute values. */
export function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
    return named[ref.toLowerCase()] ?? whole;
  });
}

/** Every `href` of an `<a>` element in an HTML text, decoded, in document order. */
export function anchorHrefs(htmlText: string): string[] {
  return [...htmlText.matchAll(/<a\s[^>]*?\bhref="([^"]*)"/gi)].map((m) => decodeEntities(m[1] ?? ''));
}

/** A site built, served and opened in a browser for the tests of one file. */
export interface SiteFixture {
  readonly browser: Browser;
  readonly origin: string;
  readonly out: string;
  /** Absolute URL of a site path such as `/features/guest-types/pvh/`. */
  url(sitePath: string): string;
  /** A new browser context, closed after the current test. */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A new page in a new context, both closed after the current test. */
  page(options?: BrowserContextOptions): Promise<Page>;
}

/**
 * Builds `source` once for the calling test file (in `beforeAll`), serves it
 * and launches one Chromium; everything is closed and removed in `afterAll`.
 */
export function useSite(source: SiteSource): SiteFixture {
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  let built: BuiltSite | undefined;
  const open: BrowserContext[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: the beforeAll of useSite() failed or has not run`);
    return value;
  };

  beforeAll(async () => {
    built = await buildSite(source);
    server = await serve(built.out);
    browser = await launchBrowser();
  }, SETUP_TIMEOUT);

  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (built) await rm(built.temp, { recursive: true, force: true });
  }, SETUP_TIMEOUT);

  const fixture: SiteFixture = {
    get browser() {
      return ready(browser, 'The browser');
    },
    get origin() {
      return ready(server, 'The server').origin;
    },
    get out() {
      return ready(built, 'The built site').out;
    },
    url: (sitePath) => `${fixture.origin}${sitePath}`,
    context: async (options = {}) => {
      const context = await fixture.browser.newContext(options);
      open.push(context);
      return context;
    },
    page: async (options = {}) => (await fixture.context(options)).newPage(),
  };
  return fixture;
}

/** What a page did that a clean page should not. */
export interface PageLog {
  /** Console messages of type error or warning: `type: text (url)`. */
  console: string[];
  /** Uncaught exceptions. */
  pageErrors: string[];
  /** Requests that failed at the network level. */
  failedRequests: string[];
  /** Responses with an HTTP status of 400 or more. */
  badResponses: string[];
  /** Every request URL. */
  requests: string[];
  /** Every dialog (alert, confirm, prompt, beforeunload), dismissed. */
  dialogs: string[];
}

/** Records console errors and warnings, exceptions, failed and bad requests and dialogs of a page. */
export function watchPage(page: Page): PageLog {
  const log: PageLog = { console: [], pageErrors: [], failedRequests: [], badResponses: [], requests: [], dialogs: [] };
  page.on('console', (message) => {
    const type = message.type();
    if (type === 'error' || type === 'warning') log.console.push(`${type}: ${message.text()} (${message.location().url || page.url()})`);
  });
  page.on('pageerror', (error) => log.pageErrors.push(`${error.name}: ${error.message} (${page.url()})`));
  page.on('request', (request) => log.requests.push(request.url()));
  page.on('requestfailed', (request) => log.failedRequests.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`));
  page.on('response', (response) => {
    if (response.status() >= 400) log.badResponses.push(`${response.status()} ${response.url()}`);
  });
  page.on('dialog', (dialog) => {
    log.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  return log;
}

/**
 * Parses RFC 4180 CSV (quoted fields with doubled quotes, CRLF or LF line
 * ends). A final line end does not start another record.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** The subset of DOM element members the in-page callbacks use (the project compiles without the DOM lib). */
export interface DomElement {
  readonly id: string;
  readonly tagName: string;
  readonly textContent: string | null;
  readonly attributes: ArrayLike<{ name: string; value: string }>;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  closest(selector: string): DomElement | null;
  getClientRects(): { length: number };
}
