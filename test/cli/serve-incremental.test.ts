// `serve` rebuilds in place, writing only the files whose bytes changed
// (issue 16). Correctness first: after every edit of a series — a status
// change, a feature added, renamed and removed, a roster change, project.yml
// changes that split and join the matrix's pages, prose, a change that fails
// check and its fix — the served directory must hold exactly what a clean
// `build` of the same files writes, byte for byte, and every file whose
// bytes did not change must not have been written again.
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cli/commands/build.js';
import { serve } from '../../src/cli/commands/serve.js';
import { TODAY, tempDir } from '../helpers/corpus.js';
import { sampleWithReleases } from '../helpers/release-sample.js';

interface Entry {
  digest: string;
  ino: number;
  mtimeMs: number;
}

/** Every file under `dir` (relative path → digest, inode, mtime), and every directory. */
async function tree(dir: string): Promise<{ files: Map<string, Entry>; dirs: string[] }> {
  const files = new Map<string, Entry>();
  const dirs: string[] = [];
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    const file = path.join(dir, name);
    const info = await stat(file);
    if (info.isDirectory()) dirs.push(name);
    else files.set(name, { digest: createHash('sha256').update(await readFile(file)).digest('hex'), ino: info.ino, mtimeMs: info.mtimeMs });
  }
  return { files, dirs };
}

const digests = (files: Map<string, Entry>): Record<string, string> => Object.fromEntries([...files].map(([name, e]) => [name, e.digest]));

describe('serve rebuilding in place', () => {
  it('leaves after every edit of a series exactly the site a clean build writes, and rewrites no file whose bytes did not change', async () => {
    const dir = await tempDir();
    await sampleWithReleases(dir);
    const features = path.join(dir, 'features');
    const site = path.join(dir, '_site');
    let findings: string[] = [];
    const server = await serve({ cwd: dir, port: 0, today: TODAY, debounce: 50, log: () => undefined, report: (list) => (findings = list.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)) });
    const file = (rel: string): string => path.join(features, rel);
    const replace = async (rel: string, from: RegExp | string, to: string): Promise<void> => {
      const text = await readFile(file(rel), 'utf8');
      const changed = text.replace(from, to);
      expect(changed, `${rel} holds ${String(from)}`).not.toBe(text);
      await writeFile(file(rel), changed);
    };
    const project = await readFile(file('project.yml'), 'utf8');
    const newFeature = (title: string): string =>
      `---\ntitle: ${title}\nsection: Debugging and tracing\nsummary: A feature added while serving.\nstatus: Experimental\narches:\n  x86: applies\n  arm: not-implemented\n  riscv: unknown\n---\n\n## Overview\n\nAdded while the site was served.\n`;
    const edits: Array<[string, () => Promise<void>, boolean]> = [
      ['a status change', () => replace('debugging/gdbstub.md', /^status: Tech Preview$/m, 'status: Experimental'), true],
      ['a feature added', () => writeFile(file('debugging/kdump-lite.md'), newFeature('Kdump lite')), true],
      ['prose of a feature', () => replace('debugging/kdump-lite.md', 'Added while the site was served.', 'Added, then edited, while the site was served.'), true],
      // The matrices split into pages of 20 rows: pages appear, rows move between them.
      ['the matrix split into pages (project.yml)', () => writeFile(file('project.yml'), `${project}\nsite:\n  rows-per-page: 20\n`), true],
      ['a feature renamed', () => rename(file('debugging/kdump-lite.md'), file('debugging/kdump-mini.md')), true],
      ['a roster change', () => replace('security-team.yml', 'name: Miriam Webb', 'name: Miriam Webb-Lindqvist'), true],
      ['a change that fails check', () => replace('debugging/kdump-mini.md', 'status: Experimental', 'status: Experimentl'), false],
      ['its fix', () => replace('debugging/kdump-mini.md', 'status: Experimentl', 'status: Experimental'), true],
      ['a feature removed', () => rm(file('debugging/kdump-mini.md')), true],
      // Back to one page each (pages removed, with their directories), under a new name on every page.
      ['the pages joined again, the project renamed (project.yml)', () => writeFile(file('project.yml'), project.replace(/^name: .*$/m, 'name: Kestrel Hypervisor, renamed')), true],
      ['a feature of the sample removed', () => rm(file('debugging/vpmu.md')), true],
    ];
    try {
      let pagesSeen = 0;
      for (const [what, edit, ok] of edits) {
        const before = await tree(site);
        const built = server.nextBuild();
        await edit();
        expect({ ...(await built), findings: ok ? findings : [] }, what).toEqual({ ok, findings: [] });
        const after = await tree(site);
        let untouched = 0;
        for (const [name, entry] of after.files) {
          const old = before.files.get(name);
          if (old === undefined || old.digest !== entry.digest) continue;
          // Same bytes: the same file, never written again.
          expect({ file: name, ino: entry.ino, mtimeMs: entry.mtimeMs }, what).toEqual({ file: name, ino: old.ino, mtimeMs: old.mtimeMs });
          untouched++;
        }
        expect(untouched, `${what}: files left as they were`).toBeGreaterThan(0);
        if (!ok) {
          // Check fails: the last good pages with the findings on top, never a page of the broken corpus.
          expect(await readFile(path.join(site, 'index.html'), 'utf8'), what).toContain('The last change does not pass check');
          continue;
        }
        const clean = path.join(dir, `clean-${pagesSeen++}`);
        const result = await build({ cwd: dir, out: clean, today: TODAY });
        expect(result.written, what).toBe(true);
        const expected = await tree(clean);
        // The file list first, for a readable failure; then every byte; then no directory left empty.
        expect([...after.files.keys()], what).toEqual([...expected.files.keys()]);
        expect(digests(after.files), what).toEqual(digests(expected.files));
        expect(after.dirs, what).toEqual(expected.dirs);
        await rm(clean, { recursive: true });
      }
    } finally {
      await server.close();
    }
  }, 120_000);
});
