// `serve` rebuilds in place, writing only the files whose bytes changed
// (issue 16). Correctness first: after every edit of a series — a status
// change, a feature added, renamed and removed, a roster change, project.yml
// changes that split and join the matrix's pages, prose, a change that fails
// check and its fix — the served directory must hold exactly what a clean
// `build` of the same files writes, byte for byte, and every file whose
// bytes did not change must not have been written again.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, siteOf } from '../../src/cli/commands/build.js';
import { check } from '../../src/cli/commands/check.js';
import { SiteState, updatePages, writePages } from '../../src/cli/commands/site-files.js';
import { copySample } from '../helpers/cli.js';
import { IN_MEMORY, serve } from '../../src/cli/commands/serve.js';
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

/** A clean build's files and directories less those `serve` answers from memory (IN_MEMORY), and those files by digest. */
function apart(built: { files: Map<string, Entry>; dirs: string[] }): { files: Map<string, Entry>; dirs: string[]; memory: Record<string, string> } {
  const inMemory = (name: string): boolean => `${name}/`.startsWith(IN_MEMORY) || name.startsWith(IN_MEMORY);
  return {
    files: new Map([...built.files].filter(([name]) => !inMemory(name))),
    dirs: built.dirs.filter((d) => !inMemory(d)),
    memory: Object.fromEntries([...built.files].filter(([name]) => inMemory(name)).map(([name, e]) => [name, e.digest])),
  };
}

/** What `serve` holds in memory, by digest, as `tree` gives them. */
const memoryDigests = (memory: ReadonlyMap<string, string>): Record<string, string> => Object.fromEntries([...memory].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, text]) => [name, createHash('sha256').update(text).digest('hex')]));

/** A copy of the sample's sign-off of HVM on x86 (its claim), revoked: wherever it is, the claim is revoked. */
const HVM_SIGNOFF_REVOKED = `  - by: mwebb
    date: 2024-02-26
    status: Supported
    ref: https://lists.example.org/kestrel-security/2024-02/msg00048.html
    claim:
      sha256: f4aeed84973608192c5f3f041a9192dbec31c9d8525980f5428a36658fb81601
      cells:
        x86: 14a8d305e1c994f238d0f1c1103f4ac54e0337da7cc22ae693b59fb9605dfaa9
    revoked:
      by: mwebb
      date: 2025-03-01
      reason: Withdrawn while the review is checked.
`;

describe('serve rebuilding in place', () => {
  // Without releases, a feature page whose feature did not change is not even rendered again; with them its history is read anew.
  it.each([
    ['the sample with two releases read from git', sampleWithReleases],
    ['the sample without releases', copySample],
  ])('leaves after every edit of a series exactly the site a clean build writes, and rewrites no file whose bytes did not change (%s)', async (_, setup) => {
    const dir = await tempDir();
    await setup(dir);
    const features = path.join(dir, 'features');
    const site = path.join(dir, '_site');
    let findings: string[] = [];
    const logged: string[] = [];
    const server = await serve({ cwd: dir, port: 0, today: TODAY, debounce: 50, log: (text) => logged.push(text), report: (list) => (findings = list.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)) });
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
    // Failing edits name a file that must then have an error.
    const edits: Array<[string, () => Promise<void>, boolean, string?]> = [
      ['a status change', () => replace('debugging/gdbstub.md', /^status: Tech Preview$/m, 'status: Experimental'), true],
      ['a feature added', () => writeFile(file('debugging/kdump-lite.md'), newFeature('Kdump lite')), true],
      ['prose of a feature', () => replace('debugging/kdump-lite.md', 'Added while the site was served.', 'Added, then edited, while the site was served.'), true],
      // The matrices split into pages of 20 rows: pages appear, rows move between them.
      ['the matrix split into pages (project.yml)', () => writeFile(file('project.yml'), `${project}\nsite:\n  rows-per-page: 20\n`), true],
      ['a feature renamed', () => rename(file('debugging/kdump-lite.md'), file('debugging/kdump-mini.md')), true],
      ['a roster change', () => replace('security-team.yml', 'name: Miriam Webb', 'name: Miriam Webb-Lindqvist'), true],
      // Changes in one file that other features' pages show: a title they link to, where a section begins.
      ['the title of a feature others link to', () => replace('host-architecture/x86-64.md', 'title: x86-64 hosts', 'title: x86-64 hosts, renamed'), true],
      ['an alias added', () => replace('host-architecture/x86-64.md', 'section: Host architecture', 'aliases: [host-architecture/amd64]\nsection: Host architecture'), true],
      // Four rows into the first section: a later section now begins on another page, which its features' breadcrumbs link to.
      ['a feature moved to another section', () => replace('security/confidential-guests.md', /^section: .*$/m, 'section: Host architecture'), true],
      // Revocations count across the corpus: every cell is judged again.
      // Governance changes judge every cell again, in files that did not change.
      ['a member no longer active when they signed (roster)', () => replace('security-team.yml', '    active-from: 2021-03-01\n', '    active-from: 2021-03-01\n    active-until: 2022-01-01\n'), false, 'features/guest-types/hvm.md'],
      ['the member active again', () => replace('security-team.yml', '    active-until: 2022-01-01\n', ''), true],
      ['no status needs a sign-off any more (project.yml policy)', () => replace('project.yml', /signoff-required-when-security-supported: true\n {2}signoff-required-for: \[Supported\]/, 'signoff-required-when-security-supported: false\n  signoff-required-for: [Deprecated]'), true],
      ['the policy as it was', () => replace('project.yml', 'signoff-required-when-security-supported: false\n  signoff-required-for: [Deprecated]', 'signoff-required-when-security-supported: true\n  signoff-required-for: [Supported]'), true],
      // A revocation in one file takes the coverage of a cell in another, whose file did not change.
      ['a sign-off of another feature revoked', () => replace('guest-types/pvh.md', /^signoffs:\n/m, `signoffs:\n${HVM_SIGNOFF_REVOKED}`), false, 'features/guest-types/hvm.md'],
      ['that revocation removed', () => replace('guest-types/pvh.md', HVM_SIGNOFF_REVOKED, ''), true],
      ['a revocation edited', () => replace('scheduling/core-scheduling.md', 'sign-off withdrawn until the fix has been reviewed.', 'sign-off withdrawn until the fix has been reviewed in full.'), true],
      ['a change that fails check', () => replace('debugging/kdump-mini.md', 'status: Experimental', 'status: Experimentl'), false, 'features/debugging/kdump-mini.md'],
      ['its fix', () => replace('debugging/kdump-mini.md', 'status: Experimentl', 'status: Experimental'), true],
      ['a feature removed', () => rm(file('debugging/kdump-mini.md')), true],
      // Back to one page each (pages removed, with their directories), under a new name on every page.
      ['the pages joined again, the project renamed (project.yml)', () => writeFile(file('project.yml'), project.replace(/^name: .*$/m, 'name: Kestrel Hypervisor, renamed')), true],
      ['a feature of the sample removed', () => rm(file('debugging/vpmu.md')), true],
    ];
    try {
      let pagesSeen = 0;
      for (const [what, edit, ok, failsIn] of edits) {
        const before = await tree(site);
        const built = server.nextBuild();
        await edit();
        expect({ ...(await built), findings: ok ? findings : [] }, what).toEqual({ ok, findings: [] });
        if (failsIn !== undefined) expect(findings.filter((f) => f.startsWith(`${failsIn}:`)).length, `${what}: errors in ${failsIn}`).toBeGreaterThan(0);
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
        // Every rebuild brought the site up to date in place (none fell back to writing it all again).
        expect(logged.filter((line) => line.includes('writing the whole site again')), what).toEqual([]);
        if (!ok) {
          // Check fails: the last good pages with the findings on top, never a page of the broken corpus.
          expect(await readFile(path.join(site, 'index.html'), 'utf8'), what).toContain('The last change does not pass check');
          continue;
        }
        const clean = path.join(dir, `clean-${pagesSeen++}`);
        const result = await build({ cwd: dir, out: clean, today: TODAY });
        expect(result.written, what).toBe(true);
        const expected = apart(await tree(clean));
        // The file list first, for a readable failure; then every byte; then no directory left empty.
        expect([...after.files.keys()], what).toEqual([...expected.files.keys()]);
        expect(digests(after.files), what).toEqual(digests(expected.files));
        expect(after.dirs, what).toEqual(expected.dirs);
        // The badges, answered from memory, are the build's to the byte.
        expect(Object.keys(expected.memory).length, what).toBeGreaterThan(0);
        expect(memoryDigests(server.memory()), what).toEqual(expected.memory);
        await rm(clean, { recursive: true });
      }
    } finally {
      await server.close();
    }
  }, 120_000);

  it('never writes or removes through a directory of the site replaced by a symbolic link, and then writes the whole site again', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    const site = path.join(dir, '_site');
    const victims = [path.join(dir, 'victim-1'), path.join(dir, 'victim-2')];
    const server = await serve({ cwd: dir, port: 0, today: TODAY, debounce: 50, log: () => undefined, report: () => undefined });
    try {
      for (const [i, id] of ['debugging/gdbstub', 'debugging/vpmu'].entries()) {
        const victim = victims[i] as string;
        await mkdir(victim);
        await writeFile(path.join(victim, 'index.html'), 'mine');
        await rm(path.join(site, 'features', id), { recursive: true });
        await symlink(victim, path.join(site, 'features', id));
      }
      // One page changes behind the first link; the other page goes away behind the second.
      let built = server.nextBuild();
      const gdbstub = path.join(features, 'debugging/gdbstub.md');
      await writeFile(gdbstub, (await readFile(gdbstub, 'utf8')).replace(/^status: Tech Preview$/m, 'status: Experimental'));
      expect(await built).toEqual({ ok: true });
      built = server.nextBuild();
      await rm(path.join(features, 'debugging/vpmu.md'));
      expect(await built).toEqual({ ok: true });
      for (const victim of victims) expect(await readFile(path.join(victim, 'index.html'), 'utf8')).toBe('mine');
      const clean = path.join(dir, 'clean');
      await build({ cwd: dir, out: clean, today: TODAY });
      expect(digests((await tree(site)).files)).toEqual(digests(apart(await tree(clean)).files));
    } finally {
      await server.close();
    }
  });

  it('writes again the files deleted or edited in the site while serving (even with the size and time put back), and a site another build swapped in is written whole', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    const site = path.join(dir, '_site');
    const server = await serve({ cwd: dir, port: 0, today: TODAY, debounce: 50, log: () => undefined, report: () => undefined });
    const edit = async (title: string): Promise<void> => {
      const built = server.nextBuild();
      const file = path.join(features, 'guest-types/pvh.md');
      await writeFile(file, (await readFile(file, 'utf8')).replace(/^title: .*$/m, `title: ${title}`));
      expect(await built).toEqual({ ok: true });
      const clean = path.join(dir, `clean-${title.length}`);
      await build({ cwd: dir, out: clean, today: TODAY });
      expect(digests((await tree(site)).files)).toEqual(digests(apart(await tree(clean)).files));
    };
    try {
      await rm(path.join(site, 'statuses'), { recursive: true });
      await rm(path.join(site, 'assets/site.css'));
      await writeFile(path.join(site, 'signoffs/index.html'), 'edited by hand');
      // A feature page that stays kept (its feature does not change), edited in place with its size and modification time put back.
      const page = path.join(site, 'features/guest-types/hvm/index.html');
      const [text, info] = await Promise.all([readFile(page, 'utf8'), stat(page, { bigint: true })]);
      await writeFile(page, text.replace('<h1>', '<h2>'));
      // To the nanosecond (GNU touch), as a careful hand or a sync tool would.
      const ns = info.mtimeNs;
      execFileSync('touch', ['-m', '-d', `@${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`, page]);
      const edited = await stat(page, { bigint: true });
      expect({ size: edited.size, mtimeNs: edited.mtimeNs }).toEqual({ size: info.size, mtimeNs: info.mtimeNs });
      await edit('PVH guests, once');
      // Another build into the same directory, of another day: its pages differ from serve's.
      const other = await build({ cwd: dir, out: '_site', today: '2027-01-01' });
      expect(other.written).toBe(true);
      await edit('PVH guests, twice');
    } finally {
      await server.close();
    }
  });
});

describe('updatePages', () => {
  it('leaves every file as it was, and no staged file behind, when the update fails before its renames', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const result = await check({ cwd: dir, today: TODAY });
    const { data, files } = await siteOf(result, { cwd: dir, today: TODAY, revision: 'one' });
    const site = path.join(dir, 'site');
    const state = new SiteState();
    await writePages(site, data, files, state);
    const before = await tree(site);
    // Another revision changes the footer of every page: every page is staged, then the check before the renames fails.
    const { data: next, files: nextFiles } = await siteOf(result, { cwd: dir, today: TODAY, revision: 'two' });
    await expect(
      updatePages(site, next, nextFiles, state, () => {
        throw new Error('not every page');
      }),
    ).rejects.toThrow('not every page');
    const after = await tree(site);
    expect([...after.files.keys()]).toEqual([...before.files.keys()]);
    expect(digests(after.files)).toEqual(digests(before.files));
    expect(after.dirs).toEqual(before.dirs);
    // The state is forgotten: the caller writes the whole site again.
    expect(state.size).toBe(0);
  });
});

describe('page paths', () => {
  it('check refuses a feature id that would put a page where another page is', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    await mkdir(path.join(features, 'debugging/gdbstub'));
    await writeFile(path.join(features, 'debugging/gdbstub/index.html.md'), (await readFile(path.join(features, 'debugging/vpmu.md'), 'utf8')).replace(/^title: .*$/m, 'title: Collides'));
    const result = await check({ cwd: dir, today: TODAY });
    const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`);
    expect(errors).toEqual([expect.stringMatching(/^features\/debugging\/gdbstub\/index\.html\.md:2:1 Unexpected id `debugging\/gdbstub\/index\.html`: a segment named `index\.html` is where a feature's page is written; rename the file/)]);
  });
});
