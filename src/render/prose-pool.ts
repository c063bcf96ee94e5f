import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { rememberProse, renderProse } from './markdown.js';
import type { ProseCache } from './prose-cache.js';

/** Below this many documents the worker start-up costs more than it saves. */
const PARALLEL_FROM = 200;

/**
 * Renders many feature files' prose, using every core: the unified pipeline
 * is most of a build's time (≈2.6 ms a feature, profiled with
 * `node --cpu-prof`), and each document is independent. Texts found in
 * `cache` (from an earlier build) are not rendered again. Returns the HTML in
 * input order and leaves it in renderProse's cache, so buildSiteData finds it.
 * Falls back to this thread for small corpora.
 */
export async function renderProseAll(texts: readonly string[], cache?: ProseCache): Promise<string[]> {
  const html = texts.map((text) => cache?.get(text));
  const missing = texts.filter((_, i) => html[i] === undefined);
  const rendered = await renderMany(missing);
  let next = 0;
  const out = html.map((hit, i) => {
    if (hit !== undefined) return hit;
    const fresh = rendered[next++] ?? '';
    cache?.set(texts[i] ?? '', fresh);
    return fresh;
  });
  // The results serve this thread's later renderProse calls (buildSiteData).
  texts.forEach((text, i) => rememberProse(text, out[i] ?? ''));
  return out;
}

async function renderMany(texts: readonly string[]): Promise<string[]> {
  const workers = Math.min(availableParallelism(), Math.ceil(texts.length / PARALLEL_FROM));
  if (workers <= 1) return texts.map(renderProse);
  const chunk = Math.ceil(texts.length / workers);
  const parts = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const slice = texts.slice(w * chunk, (w + 1) * chunk);
      return new Promise<string[]>((resolve, reject) => {
        const worker = new Worker(workerFile(), { workerData: slice });
        worker.once('message', (result: string[]) => resolve(result));
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`prose worker exited with code ${code}`));
        });
      });
    }),
  );
  return parts.flat();
}

/** The compiled worker beside this module; from `src/` (tests), the one in `dist/`. */
function workerFile(): URL {
  const beside = new URL('./prose-worker.js', import.meta.url);
  return existsSync(fileURLToPath(beside)) ? beside : new URL('../../dist/render/prose-worker.js', import.meta.url);
}
