import { constants } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../render/pages/layout.js';

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** The directory served (the built site). */
  root: string;
  /** Address to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Gets one line for each unexpected error (the request still gets a 500). Default: errors are dropped. */
  log?: (text: string) => void;
  /**
   * While it returns a page, that HTML answers every site request with
   * status 503 instead of a file: what `serve` shows while nothing good has
   * been built. Default: files are always served.
   */
  unavailable?: () => string | undefined;
  /** Files answered from memory, by site-relative path (`exports/badges/…`), before the directory is looked at. */
  memory?: () => ReadonlyMap<string, string>;
}

/** A running {@link startDevServer}. */
export interface DevServer {
  /** `http://<bound address>:<port>/`; an IPv6 address in brackets. */
  url: string;
  /** Whether the bound address is a loopback one; only then are Host headers checked. */
  loopback: boolean;
  /** Tells every open page to reload. */
  reload(): void;
  /** Stops listening and closes every connection and WebSocket at once. */
  close(): Promise<void>;
}

/**
 * Where the live-reload WebSocket and its client script are. Under a
 * dot-directory, which the server never serves from disk, so no site file
 * can shadow them.
 */
export const LIVE_RELOAD_SOCKET = '/.support-matrix/live-reload';
/** The client script of {@link LIVE_RELOAD_SOCKET}. */
export const LIVE_RELOAD_SCRIPT = '/.support-matrix/live-reload.js';

/** Added before `</body>` of HTML responses, never written to the site: pages allow only script files (`script-src 'self'`). */
const LIVE_RELOAD_TAG = `<script type="module" src="${LIVE_RELOAD_SCRIPT}"></script>`;

// Reconnects after the server went away and reloads once it is back: the
// restarted server may serve a newer site. The data attribute tells tests
// (and curious readers) that the page is listening.
const LIVE_RELOAD_CLIENT = `// Live reload of \`support-matrix serve\`: reloads the page when the site was rebuilt.
const url = new URL(${JSON.stringify(LIVE_RELOAD_SOCKET)}, location.href);
url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
let lost = false;
function connect() {
  const socket = new WebSocket(url);
  socket.addEventListener('open', () => {
    if (lost) location.reload();
    document.documentElement.dataset.liveReload = 'connected';
  });
  socket.addEventListener('message', (event) => {
    if (event.data === 'reload') location.reload();
  });
  socket.addEventListener('close', () => {
    lost = true;
    delete document.documentElement.dataset.liveReload;
    setTimeout(connect, 1000);
  });
}
connect();
`;

/** Longer request targets are refused; the site's longest paths are a few hundred characters. */
const MAX_URL_LENGTH = 2048;

/** Clients send nothing; anything bigger than this closes their socket. */
const MAX_SOCKET_PAYLOAD = 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ics': 'text/calendar; charset=utf-8',
};

/** The names a page on a loopback server may be reached by; anything else is a DNS rebinding attempt. */
const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

/** Headers of every response. The CSP repeats the pages' own, so also SVG and other files run no script. */
const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
  'content-security-policy': CONTENT_SECURITY_POLICY,
};

/** A request target taken apart, or why it is refused. */
type Target = { ok: true; pathname: string; search: string; segments: string[]; slash: boolean } | { ok: false; status: 400 | 404; reason: string };

/**
 * Serves the regular files under `root` over HTTP with live reload. Made
 * for a developer's machine and hostile browsers: it listens on 127.0.0.1
 * unless told otherwise, answers only `GET` and `HEAD`, never serves
 * anything outside `root` (real paths are compared, so symlinks cannot lead
 * out) nor dotfiles, refuses Host names other than loopback ones while
 * bound to loopback (DNS rebinding), accepts the WebSocket only from its
 * own origin, and turns every bad or unexpected request into a 4xx or 500
 * response: no request can end the process.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? (() => undefined);
  let loopback = true;
  // The Host names a page on a loopback server may use: the usual ones, and the address it is bound to (127.0.0.2, ::ffff:127.0.0.1).
  let ownHost: RegExp | undefined;
  const hostAllowed = (host: string): boolean => !loopback || LOOPBACK_HOST.test(host) || (ownHost?.test(host) ?? false);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_SOCKET_PAYLOAD });
  const upgrading = new Set<Duplex>();

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`support-matrix: dev server: ${request.method ?? '?'} ${JSON.stringify(request.url ?? '')} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      try {
        if (response.headersSent) response.destroy();
        else send(response, 500, 'Internal error; see the terminal running support-matrix serve.');
      } catch {
        response.destroy();
      }
    });
  });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = request.url ?? '';
    if (url.length > MAX_URL_LENGTH) return send(response, 400, `Unexpected URL of ${url.length} characters, expected at most ${MAX_URL_LENGTH}.`);
    if (!hostAllowed(request.headers.host ?? '')) return send(response, 403, 'Unexpected Host header, expected localhost, 127.0.0.1, [::1] or the address the server listens on.');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return send(response, 405, `Unexpected method, expected GET or HEAD.`);
    }
    // Before the path checks, which refuse its dot-directory to everything else.
    if (url.split('?')[0] === LIVE_RELOAD_SCRIPT) return sendBody(response, 200, CONTENT_TYPES['.js'] ?? '', Buffer.from(LIVE_RELOAD_CLIENT));
    const target = parseTarget(url);
    if (!target.ok) return send(response, target.status, target.reason);
    const page = options.unavailable?.();
    if (page !== undefined) return sendBody(response, 503, CONTENT_TYPES['.html'] ?? '', Buffer.from(withLiveReload(page)));
    // An exact path among the files held in memory: no name is ever looked up on disk for them.
    const held = target.slash ? undefined : options.memory?.().get(target.segments.join('/'));
    if (held !== undefined) return sendBody(response, 200, CONTENT_TYPES[path.extname(target.segments.at(-1) ?? '').toLowerCase()] ?? 'application/octet-stream', Buffer.from(held));
    const found = await findFile(options.root, target.segments);
    if (found?.kind === 'directory' && !target.slash) {
      // The path was checked (one leading slash, no empty segment): this cannot point to another host.
      response.setHeader('location', `${target.pathname}/${target.search}`);
      return send(response, 301, 'Moved to the directory URL.');
    }
    const file = found?.kind === 'directory' ? found.index : found?.kind === 'file' && !target.slash ? found.file : undefined;
    if (file === undefined) return send(response, 404, 'Not found.');
    await sendFile(response, file);
  };

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    closeWith(socket, status);
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Upgraded sockets leave the HTTP server: they need their own error handler, or a reset would throw.
    socket.on('error', () => socket.destroy());
    upgrading.add(socket);
    socket.once('close', () => upgrading.delete(socket));
    try {
      const refusal = refuseUpgrade(request, hostAllowed);
      if (refusal !== undefined) {
        closeWith(socket, refusal.status, `${refusal.reason}\n`);
        return;
      }
      sockets.handleUpgrade(request, socket, head, (client) => {
        // Without a listener, a bad frame from the client would throw.
        client.on('error', () => client.terminate());
      });
    } catch (error) {
      log(`support-matrix: dev server: WebSocket upgrade failed: ${error instanceof Error ? error.message : String(error)}\n`);
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log(`support-matrix: dev server: ${error.message}\n`));

  const address = server.address() as AddressInfo;
  loopback = isLoopback(address.address);
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  ownHost = new RegExp(`^${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?::\\d{1,5})?$`, 'i');

  return {
    url: `http://${host}:${address.port}/`,
    loopback,
    reload: () => {
      for (const client of sockets.clients) if (client.readyState === WebSocket.OPEN) client.send('reload');
    },
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      for (const socket of upgrading) socket.destroy();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

/**
 * Takes a request target apart into decoded path segments. Refuses (400)
 * anything but an absolute path of printable ASCII, bad percent-encoding,
 * `.` and `..` segments, and segments that decode to a slash, backslash or
 * control character; dotfiles and empty segments are not found (404).
 */
function parseTarget(url: string): Target {
  if (!/^\/[\x21-\x7e]*$/.test(url)) return { ok: false, status: 400, reason: 'Unexpected request target, expected a path starting with `/`.' };
  const query = url.indexOf('?');
  const pathname = query === -1 ? url : url.slice(0, query);
  const search = query === -1 ? '' : url.slice(query);
  if (pathname.includes('#')) return { ok: false, status: 400, reason: 'Unexpected `#` in the request target.' };
  const parts = pathname.split('/').slice(1);
  const slash = parts.at(-1) === '';
  if (slash) parts.pop();
  const segments: string[] = [];
  for (const part of parts) {
    if (part === '') return { ok: false, status: 404, reason: 'Not found.' };
    let name: string;
    try {
      name = decodeURIComponent(part);
    } catch {
      return { ok: false, status: 400, reason: 'Unexpected percent-encoding, expected UTF-8.' };
    }
    if (name === '.' || name === '..' || /[/\\\x00-\x1f\x7f]/.test(name)) return { ok: false, status: 400, reason: 'Unexpected path segment.' };
    if (name.startsWith('.')) return { ok: false, status: 404, reason: 'Not found.' };
    segments.push(name);
  }
  return { ok: true, pathname, search, segments, slash };
}

/** What a path names under the site: a regular file, a directory (with the real path of its `index.html`, if any) or nothing (undefined). */
type Found = { kind: 'file'; file: string } | { kind: 'directory'; index: string | undefined };

/**
 * Looks up the segments under `root` by real paths: whatever a symlink
 * points to must itself lie inside `root`, and only regular files and
 * directories count (no FIFOs, sockets or devices).
 */
async function findFile(root: string, segments: readonly string[]): Promise<Found | undefined> {
  const realRoot = await realpath(root).catch(() => undefined);
  if (realRoot === undefined) return undefined;
  const real = await realInside(realRoot, path.join(realRoot, ...segments));
  if (real === undefined) return undefined;
  // Gone since realpath (a rebuild swapping the site in) is not found, not an error.
  const stats = await lstat(real).catch(() => undefined);
  if (stats?.isFile()) return { kind: 'file', file: real };
  if (!stats?.isDirectory()) return undefined;
  const index = await realInside(realRoot, path.join(real, 'index.html'));
  const isFile = index !== undefined && (await lstat(index).catch(() => undefined))?.isFile() === true;
  return { kind: 'directory', index: isFile ? index : undefined };
}

/** The real path of `file` when it exists and lies inside `realRoot` without passing through a dot-name, else undefined. */
async function realInside(realRoot: string, file: string): Promise<string | undefined> {
  const real = await realpath(file).catch(() => undefined);
  if (real === undefined) return undefined;
  const relative = path.relative(realRoot, real);
  if (relative === '') return real;
  if (path.isAbsolute(relative) || relative.split(path.sep).some((name) => name === '..' || name.startsWith('.'))) return undefined;
  return real;
}

/** Sends a regular file; HTML gets the live-reload script. Refuses to follow a symlink swapped in since it was resolved. */
async function sendFile(response: ServerResponse, file: string): Promise<void> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(() => undefined);
  if (handle === undefined) return send(response, 404, 'Not found.');
  try {
    if (!(await handle.stat()).isFile()) return send(response, 404, 'Not found.');
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const body = await handle.readFile();
    sendBody(response, 200, type, type.startsWith('text/html') ? Buffer.from(withLiveReload(body.toString('utf8'))) : body);
  } finally {
    await handle.close();
  }
}

/** Adds the live-reload script before the last `</body>`, or at the end. */
function withLiveReload(page: string): string {
  const end = page.toLowerCase().lastIndexOf('</body>');
  return end === -1 ? `${page}${LIVE_RELOAD_TAG}` : `${page.slice(0, end)}${LIVE_RELOAD_TAG}\n${page.slice(end)}`;
}

/** A short plain-text answer: errors, redirects. */
function send(response: ServerResponse, status: number, text: string): void {
  sendBody(response, status, CONTENT_TYPES['.txt'] ?? '', Buffer.from(`${text}\n`));
}

function sendBody(response: ServerResponse, status: number, type: string, body: Buffer): void {
  // Node sends no body for HEAD, but keeps Content-Length.
  response.writeHead(status, { ...COMMON_HEADERS, 'content-type': type, 'content-length': body.length });
  response.end(body);
}

/** Answers on a raw socket (one the HTTP server no longer handles) and closes it. */
function closeWith(socket: Duplex, status: number, body = ''): void {
  const type = body === '' ? '' : 'Content-Type: text/plain; charset=utf-8\r\n';
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n${type}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, () => socket.destroy());
}

/** Why a WebSocket upgrade is refused, or undefined to accept it: only our endpoint, a loopback Host while on loopback, and our own origin. */
function refuseUpgrade(request: IncomingMessage, hostAllowed: (host: string) => boolean): { status: number; reason: string } | undefined {
  if (request.url !== LIVE_RELOAD_SOCKET) return { status: 404, reason: 'Not found.' };
  const host = (request.headers.host ?? '').toLowerCase();
  if (host === '' || !hostAllowed(host)) return { status: 403, reason: 'Unexpected Host header.' };
  if ((request.headers.origin ?? '').toLowerCase() !== `http://${host}`) return { status: 403, reason: 'Unexpected Origin, expected this server.' };
  return undefined;
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.toLowerCase().startsWith('::ffff:127.');
}
