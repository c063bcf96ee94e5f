import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { serve, type Server } from '../../src/cli/commands/serve.js';
import { formatStylish } from '../../src/cli/formatters/stylish.js';
import { copySample } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';
import { SITE_MARKER, SITE_MARKER_TEXT } from '../../src/cli/commands/output.js';

const SOCKET = '/.support-matrix/live-reload';

/** What became of a WebSocket handshake: open (with the socket), or refused with an HTTP status. */
type Handshake = { open: true; socket: WebSocket } | { open: false; status: number | undefined };

/** Opens the live-reload WebSocket of `server` with the given headers. */
function handshake(server: Server, options: { origin?: string; host?: string; path?: string } = {}): Promise<Handshake> {
  const url = new URL(options.path ?? SOCKET, server.url);
  url.protocol = 'ws:';
  const socket = new WebSocket(url, { ...(options.origin !== undefined ? { origin: options.origin } : {}), ...(options.host !== undefined ? { headers: { host: options.host } } : {}) });
  return new Promise((resolve) => {
    socket.once('open', () => resolve({ open: true, socket }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ open: false, status: response.statusCode });
      response.resume();
      socket.terminate();
    });
    socket.once('error', () => resolve({ open: false, status: undefined }));
  });
}

/** The origin a browser sends for pages of `server`. */
const originOf = (server: Server): string => new URL(server.url).origin;

/** The next message on `socket`, as text. */
const nextMessage = (socket: WebSocket): Promise<string> => new Promise((resolve) => socket.once('message', (data: Buffer) => resolve(data.toString())));

/** Resolves when `socket` is closed, with the close code. */
const closed = (socket: WebSocket): Promise<number> => new Promise((resolve) => socket.once('close', (code: number) => resolve(code)));

async function startSample(): Promise<{ dir: string; features: string; server: Server }> {
  const dir = await tempDir();
  const features = await copySample(dir);
  const server = await serve({ cwd: dir, port: 0, today: TODAY, debounce: 50, log: () => undefined, report: () => undefined });
  return { dir, features, server };
}

describe('serve: live reload', () => {
  it('accepts the WebSocket only from its own origin, and only under a loopback Host', async () => {
    const { server } = await startSample();
    try {
      const port = new URL(server.url).port;
      // Eleventy's dev server accepted any Origin: a page on any site could listen in.
      for (const origin of ['http://evil.example', `http://evil.example:${port}`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${Number(port) + 1}`, 'null']) {
        expect({ origin, result: await handshake(server, { origin }) }).toEqual({ origin, result: { open: false, status: 403 } });
      }
      expect(await handshake(server)).toEqual({ open: false, status: 403 });
      // DNS rebinding: the attacker's name resolves to 127.0.0.1, and Origin and Host agree.
      expect(await handshake(server, { host: `evil.example:${port}`, origin: `http://evil.example:${port}` })).toEqual({ open: false, status: 403 });
      expect(await handshake(server, { origin: originOf(server), path: '/.support-matrix/other' })).toEqual({ open: false, status: 404 });
      // Still serving after the refusals.
      expect((await fetch(server.url)).status).toBe(200);

      for (const [host, origin] of [
        [`127.0.0.1:${port}`, originOf(server)],
        [`localhost:${port}`, `http://localhost:${port}`],
      ] as const) {
        const result = await handshake(server, { host, origin });
        expect({ host, open: result.open }).toEqual({ host, open: true });
        if (result.open) result.socket.close();
      }
    } finally {
      await server.close();
    }
  });

  it('tells connected pages to reload after a rebuild; a page never gets the script written into the site', async () => {
    const { dir, features, server } = await startSample();
    try {
      const result = await handshake(server, { origin: originOf(server) });
      if (!result.open) throw new Error(`handshake refused: ${result.status}`);
      const message = nextMessage(result.socket);
      const built = server.nextBuild();
      const file = path.join(features, 'guest-types/pvh.md');
      await writeFile(file, (await readFile(file, 'utf8')).replace('title: PVH guests', 'title: PVH guests, renamed'));
      expect(await built).toEqual({ ok: true });
      expect(await message).toBe('reload');
      const page = await (await fetch(new URL('features/guest-types/pvh/', server.url))).text();
      expect(page).toContain('<h1>PVH guests, renamed</h1>');
      expect(page).toContain('<script type="module" src="/.support-matrix/live-reload.js"></script>');
      expect(await readFile(path.join(dir, '_site/features/guest-types/pvh/index.html'), 'utf8')).not.toContain('live-reload');
      result.socket.close();
    } finally {
      await server.close();
    }
  });

  it('closes a client that sends more than it should, and keeps serving', async () => {
    const { server } = await startSample();
    try {
      const result = await handshake(server, { origin: originOf(server) });
      if (!result.open) throw new Error(`handshake refused: ${result.status}`);
      const code = closed(result.socket);
      result.socket.send('x'.repeat(64 * 1024));
      expect(await code).toBe(1009);
      expect((await fetch(server.url)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('closes open WebSockets and keep-alive connections when closed', async () => {
    const { server } = await startSample();
    const result = await handshake(server, { origin: originOf(server) });
    if (!result.open) throw new Error(`handshake refused: ${result.status}`);
    const socketClosed = closed(result.socket);
    // An idle keep-alive HTTP connection, as a browser leaves open.
    const keepAlive = connect({ host: '127.0.0.1', port: Number(new URL(server.url).port) });
    const keepAliveClosed = new Promise<void>((resolve) => keepAlive.once('close', () => resolve()));
    await new Promise<void>((resolve) => {
      keepAlive.once('data', () => resolve());
      keepAlive.write('HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    });
    // A hang here (server.close waiting for the connections) fails the test by its timeout.
    await server.close();
    expect(await socketClosed).toBe(1006);
    await keepAliveClosed;
    expect(keepAlive.destroyed).toBe(true);
  });
});

describe('serve: a corpus that fails check from the start', () => {
  it('writes nothing, serves only the findings, and builds the site once check passes', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    const riscv = path.join(features, 'guest-types/riscv-vm.md');
    const pvh = path.join(features, 'guest-types/pvh.md');
    const riscvText = await readFile(riscv, 'utf8');
    const pvhText = await readFile(pvh, 'utf8');
    // Supported without a sign-off, under a title that must never be served.
    await writeFile(riscv, riscvText.replace('title: RISC-V virtual machines', 'title: UNSIGNED RISCV MARKER').replace(/^status: Experimental$/m, 'status: Supported'));
    // Markup in a value that a finding quotes.
    await writeFile(pvh, pvhText.replace(/^status: Supported$/m, 'status: "<img src=x>Supportd"'));
    let terminal = '';
    const server = await serve({
      cwd: dir,
      port: 0,
      today: TODAY,
      debounce: 50,
      log: (text) => (terminal += text),
      report: (list) => (terminal += formatStylish(list, { color: false, version: 'test' })),
    });
    try {
      // Before: the failing corpus was rendered into _site, under the banner.
      expect(existsSync(path.join(dir, '_site'))).toBe(false);
      expect(terminal).toContain('Not built:');
      expect(terminal).toContain('supported-requires-signoff');

      const responses = await Promise.all(['', 'features/guest-types/riscv-vm/', 'features/guest-types/pvh/', 'assets/site.css', 'nowhere'].map((p) => fetch(new URL(p, server.url))));
      for (const response of responses) {
        const text = await response.text();
        expect({ url: response.url, status: response.status }).toEqual({ url: response.url, status: 503 });
        expect(text).not.toContain('UNSIGNED RISCV MARKER');
        expect(text).toContain('Not built: the features do not pass check');
        expect(text).toContain('<code>features/guest-types/riscv-vm.md:');
        expect(text).toContain('supported-requires-signoff');
        // Escaped: the quoted value is text, not an element.
        expect(text).toContain('&lt;img src=x&gt;Supportd');
        expect(text).not.toContain('<img');
        expect(text).toContain('<script type="module" src="/.support-matrix/live-reload.js"></script>');
        expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self'/);
      }

      // The findings page listens for the fix.
      const result = await handshake(server, { origin: originOf(server) });
      if (!result.open) throw new Error(`handshake refused: ${result.status}`);
      const message = nextMessage(result.socket);

      // Still failing: still nothing written.
      let built = server.nextBuild();
      await writeFile(pvh, pvhText);
      expect(await built).toEqual({ ok: false });
      expect(existsSync(path.join(dir, '_site'))).toBe(false);
      const stillFailing = await fetch(server.url);
      expect(stillFailing.status).toBe(503);
      expect(await stillFailing.text()).not.toContain('Supportd');
      expect(await message).toBe('reload');

      built = server.nextBuild();
      await writeFile(riscv, riscvText);
      expect(await built).toEqual({ ok: true });
      expect(existsSync(path.join(dir, '_site/index.html'))).toBe(true);
      const fixed = await fetch(new URL('features/guest-types/riscv-vm/', server.url));
      expect(fixed.status).toBe(200);
      const text = await fixed.text();
      expect(text).toContain('<h1>RISC-V virtual machines</h1>');
      expect(text).not.toContain('does not pass check');
      result.socket.close();
    } finally {
      await server.close();
    }
  });

  it('serves the findings of an unusable project.yml the same way', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    await writeFile(path.join(features, 'project.yml'), 'name: [unclosed\n');
    const server = await serve({ cwd: dir, port: 0, today: TODAY, log: () => undefined, report: () => undefined });
    try {
      const response = await fetch(server.url);
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(text).toContain('Not built: the features do not pass check');
      expect(text).toContain('<code>features/project.yml:');
      expect(existsSync(path.join(dir, '_site'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('leaves an existing output directory as it was while nothing has passed', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    const riscv = path.join(features, 'guest-types/riscv-vm.md');
    await writeFile(riscv, (await readFile(riscv, 'utf8')).replace(/^status: Experimental$/m, 'status: Supported'));
    // A site an earlier build made (marked), so serve may replace it once a build passes.
    await mkdir(path.join(dir, '_site'));
    await writeFile(path.join(dir, '_site', SITE_MARKER), SITE_MARKER_TEXT);
    await writeFile(path.join(dir, '_site/index.html'), '<p>STALE SITE</p>\n');
    const server = await serve({ cwd: dir, port: 0, today: TODAY, log: () => undefined, report: () => undefined });
    try {
      const response = await fetch(server.url);
      expect(response.status).toBe(503);
      expect(await response.text()).not.toContain('STALE SITE');
      expect(await readFile(path.join(dir, '_site/index.html'), 'utf8')).toBe('<p>STALE SITE</p>\n');
    } finally {
      await server.close();
    }
  });
});
