// Filtering the matrix in Chromium (issue 16, target 5): opens the site's
// matrix page from a static server on 127.0.0.1 (as readers get it), then chooses each status in the filter's status
// list in turn and times each choice from the `change` event to the next
// painted frame (the script's pass over the rows, then style and layout).
// Prints the times in milliseconds and the page's size. Needs Debian's
// chromium at /usr/bin/chromium; prints {"skipped": "..."} without it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';

const site = path.resolve(process.argv[2] ?? '_site');
const page = path.join(site, 'index.html');
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  process.stdout.write(`${JSON.stringify({ skipped: `no ${CHROMIUM}` })}\n`);
  process.exit(0);
}
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript' };
const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  let file = path.join(site, decodeURIComponent(url.pathname));
  if (!file.startsWith(site)) return void response.writeHead(403).end();
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!existsSync(file)) return void response.writeHead(404).end();
  response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const tab = await browser.newPage();
  const start = performance.now();
  await tab.goto(`${origin}/`, { waitUntil: 'load', timeout: 600_000 });
  const load = performance.now() - start;
  const times = await tab.evaluate(async () => {
    const select = document.querySelector('#filters [name="status"]');
    if (!select) throw new Error('no status filter on the matrix page');
    const out = [];
    const choices = [...select.options].map((o) => o.value);
    for (const value of [...choices.filter(Boolean), '']) {
      const t0 = performance.now();
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      out.push(performance.now() - t0);
    }
    return out;
  });
  process.stdout.write(`${JSON.stringify({ times, load, bytes: statSync(page).size })}\n`);
} finally {
  await browser.close();
  server.close();
}
