import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { serve } from '../../src/cli/commands/serve.js';
import { copySample } from '../helpers/cli.js';
import { tempDir, TODAY } from '../helpers/corpus.js';

/** Status of a GET with the given Host header. */
function statusWith(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve on another loopback address', () => {
  it('answers to the address it listens on, and still refuses foreign Host names', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const server = await serve({ cwd: dir, host: '127.0.0.2', port: 0, today: TODAY, log: () => undefined, report: () => undefined });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/$/);
      const port = new URL(server.url).port;
      expect(await statusWith(server.url, `127.0.0.2:${port}`)).toBe(200);
      expect(await statusWith(server.url, `localhost:${port}`)).toBe(200);
      expect(await statusWith(server.url, `evil.example:${port}`)).toBe(403);
      expect(await statusWith(server.url, `127.0.0.2.evil.example:${port}`)).toBe(403);
    } finally {
      await server.close();
    }
  });
});
