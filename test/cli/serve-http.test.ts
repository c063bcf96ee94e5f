import { execFile } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/cli/commands/dev-server.js';
import { serve, type Server } from '../../src/cli/commands/serve.js';
import { cli, copySample } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

/** A response read off a raw socket. */
interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything the server sent. */
  raw: string;
}

/**
 * Sends `request` as bytes on a fresh connection and reads until the server
 * closes it. Raw, because fetch and http.request normalise or refuse the
 * very URLs these tests send.
 */
function rawRequest(port: number, request: string | Buffer, host = '127.0.0.1'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A reset after the answer still leaves the answer to check.
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = raw.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: rest.join('\r\n\r\n'), raw });
    });
    socket.write(request);
  });
}

/** A GET of `target` with a Host the server accepts, on a connection that closes after the answer. */
const get = (port: number, target: string, extra = ''): Promise<RawResponse> => rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${extra}Connection: close\r\n\r\n`);

/** What must never reach a client: a stack trace, or the contents of a file outside the site. */
const LEAKS = /\bat .+\(.*:\d+:\d+\)|node:internal|URIError|root:x:0:0|OUTSIDE-SECRET/;

describe('serve: the dev server', () => {
  let dir = '';
  let server: Server;
  let port = 0;
  let terminal = '';
  let site = '';

  beforeAll(async () => {
    dir = await tempDir();
    await copySample(dir);
    server = await serve({ cwd: dir, port: 0, today: TODAY, debounce: 50, log: (text) => (terminal += text), report: () => undefined });
    port = Number(new URL(server.url).port);
    site = path.join(dir, '_site');
    // Hidden files the site may hold: the build's marker, and a stray repository.
    await writeFile(path.join(site, '.support-matrix-site'), 'marker\n');
    await mkdir(path.join(site, '.git'));
    await writeFile(path.join(site, '.git', 'config'), '[core]\n');
  });

  afterAll(async () => {
    await server.close();
  });

  /** The site still answers a plain request: no bad request before it took the server down. */
  const stillServes = async (): Promise<void> => {
    const response = await get(port, '/');
    expect(response.status).toBe(200);
    expect(response.body).toContain('</html>');
  };

  it('listens on 127.0.0.1 only, and says so', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}/`);
    expect(terminal).toContain(`at http://127.0.0.1:${port}/`);
    // Eleventy's dev server listened on every interface: another address of this machine must be refused.
    const other = Object.values(networkInterfaces())
      .flat()
      .find((a) => a !== undefined && !a.internal && a.family === 'IPv4');
    if (other !== undefined) {
      const error = await rawRequest(port, 'GET / HTTP/1.1\r\n\r\n', other.address).catch((e: NodeJS.ErrnoException) => e);
      expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    }
    await stillServes();
  });

  // Each of these killed Eleventy's dev server or read outside the site.
  it.each([
    ['an encoded traversal', 400, '/..%2f..%2fetc/passwd'],
    ['an encoded traversal of dots', 400, '/%2e%2e/%2e%2e/etc/passwd'],
    ['a plain traversal', 400, '/../../../../etc/passwd'],
    ['a traversal after a directory', 400, '/features/../../../../etc/passwd'],
    ['an invalid UTF-8 byte', 400, '/%ff'],
    ['an overlong UTF-8 dot', 400, '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd'],
    ['a lone percent sign', 400, '/%'],
    ['a truncated escape', 400, '/assets/site.css%2'],
    ['backslashes', 400, '/..\\..\\..\\etc\\passwd'],
    ['encoded backslashes', 400, '/%5c..%5c..%5cetc%5cpasswd'],
    ['an encoded NUL', 400, '/index.html%00.css'],
    ['an encoded newline', 400, '/index.html%0d%0aSet-Cookie:%20x=1'],
    ['a protocol-relative path', 404, '//etc/passwd'],
    ['an absolute-form target', 400, 'http://example.com/'],
    ['an asterisk target', 400, '*'],
    ['a URL of 5,000 characters', 400, `/${'a'.repeat(5000)}`],
    ['a URL larger than the header limit', 400, `/${'a'.repeat(20_000)}`],
    ['the marker file', 404, '/.support-matrix-site'],
    ['a dotfile, encoded', 404, '/%2esupport-matrix-site'],
    ['a dot-directory', 404, '/.git/config'],
    ['the live-reload socket path over plain HTTP', 404, '/.support-matrix/live-reload'],
  ])('answers %s with %i and keeps serving', async (_name, status, target) => {
    const response = await get(port, target);
    expect(response.status).toBe(status);
    expect(response.raw).not.toMatch(LEAKS);
    expect(response.body).not.toMatch(/marker|\[core\]/);
    expect(response.headers['set-cookie']).toBeUndefined();
    await stillServes();
  });

  it.each([
    ['POST', 405, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi'],
    ['PUT', 405, 'PUT /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'],
    ['DELETE', 405, 'DELETE / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'],
    ['OPTIONS *', 405, 'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'],
    ['an unknown method', 400, 'BREW / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'],
    ['binary garbage', 400, Buffer.from([0, 1, 2, 255, 13, 10, 13, 10])],
    ['a bad Content-Length', 400, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\nConnection: close\r\n\r\n'],
    ['a header without a colon', 400, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\nConnection: close\r\n\r\n'],
    ['HTTP/1.1 without a Host', 400, 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n'],
  ])('answers %s with %i and keeps serving', async (_name, status, request) => {
    const response = await rawRequest(port, request);
    expect(response.status).toBe(status);
    expect(response.raw).not.toMatch(LEAKS);
    if (status === 405) expect(response.headers['allow']).toBe('GET, HEAD');
    await stillServes();
  });

  it('refuses Host names other than loopback ones (DNS rebinding) with 403', async () => {
    const withHost = (host: string): Promise<RawResponse> => rawRequest(port, `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `localhost.evil.example`, `[::2]:${port}`, `0.0.0.0:${port}`]) {
      const response = await withHost(host);
      expect({ host, status: response.status }).toEqual({ host, status: 403 });
      expect(response.body).not.toContain('<html');
    }
    for (const host of ['localhost', `localhost:${port}`, `127.0.0.1:${port}`, '127.0.0.1', `[::1]:${port}`, 'LOCALHOST']) {
      expect({ host, status: (await withHost(host)).status }).toEqual({ host, status: 200 });
    }
    // HTTP/1.0 may leave out Host; on a loopback server that is refused too.
    expect((await rawRequest(port, 'GET / HTTP/1.0\r\n\r\n')).status).toBe(403);
  });

  it('serves a symlink only when its target is inside the site: one pointing outside is not found', async () => {
    const outside = path.join(dir, 'outside');
    await mkdir(outside);
    await writeFile(path.join(outside, 'secret.txt'), 'OUTSIDE-SECRET\n');
    await symlink(path.join(outside, 'secret.txt'), path.join(site, 'leak.txt'));
    await symlink(outside, path.join(site, 'leakdir'));
    await symlink('../outside/secret.txt', path.join(site, 'relative-leak.txt'));
    await symlink('/etc/passwd', path.join(site, 'passwd'));
    await symlink('assets/site.css', path.join(site, 'inside.css'));
    for (const target of ['/leak.txt', '/leakdir/secret.txt', '/leakdir/', '/leakdir', '/relative-leak.txt', '/passwd']) {
      const response = await get(port, target);
      expect({ target, status: response.status }).toEqual({ target, status: 404 });
      expect(response.raw).not.toMatch(LEAKS);
    }
    const inside = await get(port, '/inside.css');
    expect(inside.status).toBe(200);
    expect(inside.body).toBe(await readFile(path.join(site, 'assets/site.css'), 'latin1'));
  });

  it('serves no dotfile, and nothing that is not a regular file (a FIFO does not hang it)', async () => {
    await writeFile(path.join(site, 'assets', '.env'), 'SECRET=1\n');
    await symlink('.support-matrix-site', path.join(site, 'marker-link'));
    await promisify(execFile)('mkfifo', [path.join(site, 'fifo.txt')]);
    for (const target of ['/.support-matrix-site', '/assets/.env', '/marker-link', '/fifo.txt']) {
      const response = await get(port, target);
      expect({ target, status: response.status }).toEqual({ target, status: 404 });
      expect(response.body).not.toMatch(/marker|SECRET/);
    }
    await stillServes();
  });

  it('redirects a directory to its URL with a slash, then serves its index.html with the live-reload script', async () => {
    const redirect = await get(port, '/features/guest-types/pvh?x=1');
    expect(redirect.status).toBe(301);
    expect(redirect.headers['location']).toBe('/features/guest-types/pvh/?x=1');
    const page = await get(port, '/features/guest-types/pvh/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<h1>PVH guests</h1>');
    expect(page.body).toMatch(/<script type="module" src="\/\.support-matrix\/live-reload\.js"><\/script>\n<\/body>/);
    // Added when served, never written to the site.
    expect(await readFile(path.join(site, 'features/guest-types/pvh/index.html'), 'utf8')).not.toContain('live-reload');
    // A file is not a directory.
    expect((await get(port, '/assets/site.css/')).status).toBe(404);
  });

  it.each([
    ['x.html', 'text/html; charset=utf-8'],
    ['x.css', 'text/css; charset=utf-8'],
    ['x.js', 'text/javascript; charset=utf-8'],
    ['x.json', 'application/json; charset=utf-8'],
    ['x.csv', 'text/csv; charset=utf-8'],
    ['x.atom', 'application/atom+xml; charset=utf-8'],
    ['x.xml', 'application/xml; charset=utf-8'],
    ['x.md', 'text/markdown; charset=utf-8'],
    ['x.txt', 'text/plain; charset=utf-8'],
    ['x.svg', 'image/svg+xml'],
    ['x.png', 'image/png'],
    ['x.ics', 'text/calendar; charset=utf-8'],
    ['x.unknown', 'application/octet-stream'],
  ])('serves %s as %s, with nosniff, no-cache and the pages’ CSP', async (name, type) => {
    await mkdir(path.join(site, 'types'), { recursive: true });
    await writeFile(path.join(site, 'types', name), 'content\n');
    const response = await get(port, `/types/${name}`);
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' });
    expect(response.headers['content-security-policy']).toMatch(/^default-src 'self'; script-src 'self'/);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const response = await rawRequest(port, `HEAD /assets/site.css HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    const css = await readFile(path.join(site, 'assets/site.css'));
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe(String(css.length));
    expect(response.body).toBe('');
    expect((await rawRequest(port, `HEAD /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)).status).toBe(404);
  });

  it('serves the live-reload client as a script file (inline scripts are blocked by the CSP)', async () => {
    const response = await get(port, '/.support-matrix/live-reload.js');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.body).toContain("new WebSocket(url)");
    expect(response.body).toContain('/.support-matrix/live-reload');
  });
});

describe('serve --host', () => {
  it('binds the address given, and prints an IPv6 one in brackets', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const server = await serve({ cwd: dir, port: 0, host: '::1', today: TODAY, log: () => undefined, report: () => undefined });
    try {
      expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+\/$/);
      const response = await fetch(new URL('features/guest-types/pvh/', server.url));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<h1>PVH guests</h1>');
      // Not on IPv4 loopback.
      const port = Number(new URL(server.url).port);
      expect(await rawRequest(port, 'GET / HTTP/1.1\r\n\r\n').catch((e: NodeJS.ErrnoException) => e)).toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      await server.close();
    }
  });

  it('notes that every interface is reachable from other machines, and then skips the Host check', async () => {
    const dir = await tempDir();
    await copySample(dir);
    let terminal = '';
    const server = await serve({ cwd: dir, port: 0, host: '0.0.0.0', today: TODAY, log: (text) => (terminal += text), report: () => undefined });
    try {
      expect(server.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/$/);
      expect(terminal).toContain('reachable from other machines');
      const port = Number(new URL(server.url).port);
      expect((await rawRequest(port, 'GET / HTTP/1.1\r\nHost: my-laptop.lan\r\nConnection: close\r\n\r\n')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('passes --host from the command line to the server: an address not on this machine is a usage error', async () => {
    const dir = await tempDir();
    await copySample(dir);
    // 203.0.113.1 is a documentation address: no interface has it.
    const result = await cli(['serve', '--port', '0', '--host', '203.0.113.1', '--today', TODAY, '--no-cache'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unexpected --host `203.0.113.1`');
    const help = await cli(['serve', '--help'], dir);
    expect(help.stdout).toMatch(/--host <host>\s+address to listen on/);
    expect(help.stdout).toContain('(default: "127.0.0.1")');
  });
});

describe('startDevServer', () => {
  it('turns an unexpected error into a 500 and a line on the log, and keeps serving', async () => {
    const root = await tempDir();
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>t</title><body><p>fine</p></body>\n');
    let failing = true;
    let log = '';
    const server = await startDevServer({
      root,
      port: 0,
      log: (text) => (log += text),
      unavailable: () => {
        if (failing) throw new Error('boom at /secret/path');
        return undefined;
      },
    });
    try {
      const port = Number(new URL(server.url).port);
      const response = await get(port, '/index.html');
      expect(response.status).toBe(500);
      expect(response.body).not.toMatch(/boom|secret|\bat /);
      expect(log).toBe('support-matrix: dev server: GET "/index.html" failed: boom at /secret/path\n');
      failing = false;
      const fine = await get(port, '/index.html');
      expect(fine.status).toBe(200);
      expect(fine.body).toContain('<p>fine</p>');
    } finally {
      await server.close();
    }
  });
});
