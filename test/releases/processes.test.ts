/**
 * Reading releases costs a constant number of git processes: one
 * `rev-parse` and one `cat-file --batch`, whether 1 or 10 releases of 1,000
 * feature files each are read.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/cli/commands/check.js';
import { diff } from '../../src/cli/commands/diff.js';
import { loadCorpus } from '../../src/load/corpus.js';
import { GitObjects, type Spawn } from '../../src/load/git.js';
import { loadReleases } from '../../src/load/releases.js';
import { TODAY } from '../helpers/corpus.js';
import { feature, projectYml, Repo, ROSTER, signoff } from './repo.js';

const FEATURES = 1000;
const RELEASES = 10;

/** Feature `i`: a third Supported (signed), a third Deprecated, a third Experimental with a known issue. */
function generated(i: number, title = `Feature ${i}`): string {
  const head = `title: ${title}\nsection: ${i % 2 === 0 ? 'Guest types' : 'Toolstack'}\n`;
  if (i % 3 === 0) return feature(`${head}status: Supported\nsignoffs:\n${signoff()}`);
  if (i % 3 === 1) return feature(`${head}status: Deprecated\n`);
  return feature(`${head}status: Experimental\nknown-issues:\n  - summary: Issue ${i}.\n`);
}

/** Spread over 10 directories, so trees are read level by level. */
const fileOf = (i: number): string => `group-${i % 10}/feature-${String(i).padStart(4, '0')}.md`;

/** project.yml listing the first `count` releases. */
function projectWith(count: number): string {
  const releases = Array.from({ length: count }, (_, k) => `  - name: "1.${k}"\n    ref: v1.${k}\n    initial-release: 20${String(16 + k).padStart(2, '0')}-01-01\n`).join('');
  return projectYml({ releases: `lifecycle:\n  supported-months: 18\n  security-supported-months: 36\nreleases:\n${releases}` });
}

/** A spawn that records every command and keeps the children, to check they all end. */
function counting(): { spawn: Spawn; calls: string[][]; children: ChildProcessWithoutNullStreams[] } {
  const calls: string[][] = [];
  const children: ChildProcessWithoutNullStreams[] = [];
  const wrapper: Spawn = (cmd, args, opts) => {
    calls.push([cmd, ...args]);
    const child = spawn(cmd, args, opts);
    children.push(child);
    return child;
  };
  return { spawn: wrapper, calls, children };
}

const EXPECTED_CALLS = [
  ['git', 'rev-parse', '--show-toplevel', '--show-prefix', '--show-object-format'],
  ['git', 'cat-file', '--batch'],
];

/** Resolves when every child has exited (a leaked cat-file would time the test out). */
function allExited(children: ChildProcessWithoutNullStreams[]): Promise<Array<number | null>> {
  return Promise.all(children.map((c) => (c.exitCode !== null ? Promise.resolve(c.exitCode) : new Promise<number | null>((resolve) => c.once('exit', resolve)))));
}

describe(`${RELEASES} releases of ${FEATURES} features`, () => {
  let repo: Repo;

  beforeAll(async () => {
    repo = await Repo.create();
    const files: Record<string, string> = { 'project.yml': projectWith(RELEASES), 'security-team.yml': ROSTER };
    for (let i = 0; i < FEATURES; i++) files[fileOf(i)] = generated(i);
    repo.features(files);
    for (let k = 0; k < RELEASES; k++) {
      // A few files change between tags; feature 0's title names the release it was tagged in.
      repo.features({ [fileOf(0)]: generated(0, `Feature 0 at 1.${k}`), [fileOf(1 + k)]: generated(1 + k, `Feature ${1 + k} changed in 1.${k}`), [fileOf(500 + k)]: generated(500 + k, `Feature ${500 + k} changed in 1.${k}`) });
      repo.release(`v1.${k}`);
    }
  }, 120_000);

  for (const count of [1, RELEASES]) {
    it(`check spawns exactly rev-parse and one cat-file --batch for ${count} release(s), and reads every file of each`, async () => {
      repo.features({ 'project.yml': projectWith(count) });
      const { spawn: counted, calls, children } = counting();
      const result = await check({ cwd: repo.dir, today: TODAY, spawn: counted });
      expect(calls).toEqual(EXPECTED_CALLS);
      expect(await allExited(children)).toEqual([0, 0]);
      expect(result.releases.map((r) => r.config.name)).toEqual(Array.from({ length: count }, (_, k) => `1.${k}`));
      expect(result.releases.map((r) => r.features.length)).toEqual(Array(count).fill(FEATURES));
      // Each release is read at its own ref.
      expect(result.releases.map((r) => r.features.find((f) => f.id === fileOf(0).replace(/\.md$/, ''))?.data.title)).toEqual(Array.from({ length: count }, (_, k) => `Feature 0 at 1.${k}`));
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.corpus.features).toHaveLength(FEATURES);
    });
  }

  it('loadReleases reads 10 × 1,000 files through the same two processes, and every file is the one at its tag', async () => {
    repo.features({ 'project.yml': projectWith(RELEASES) });
    const corpus = await loadCorpus('features', { cwd: repo.dir });
    const { spawn: counted, calls, children } = counting();
    const read = await loadReleases(corpus.root, corpus.project, { cwd: repo.dir, spawn: counted });
    expect(calls).toEqual(EXPECTED_CALLS);
    expect(await allExited(children)).toEqual([0, 0]);
    expect(read.diagnostics).toEqual([]);
    expect(read.releases.map((r) => [r.config.ref, r.found, r.features.length])).toEqual(Array.from({ length: RELEASES }, (_, k) => [`v1.${k}`, true, FEATURES]));
    const total = read.releases.reduce((n, r) => n + r.features.length, 0);
    expect(total).toBe(RELEASES * FEATURES);
    // Every id of every release, once.
    const ids = Array.from({ length: FEATURES }, (_, i) => fileOf(i).replace(/\.md$/, '')).sort();
    for (const r of read.releases) expect(r.features.map((f) => f.id).sort()).toEqual(ids);
    // Titles follow the history: feature 1+k changed at 1.k and stays changed after.
    for (const [k, r] of read.releases.entries()) {
      const title = (i: number): unknown => r.features.find((f) => f.id === fileOf(i).replace(/\.md$/, ''))?.data.title;
      expect(title(1 + k)).toBe(`Feature ${1 + k} changed in 1.${k}`);
      expect(title(2 + k)).toBe(`Feature ${2 + k}`);
      expect(title(500 + k)).toBe(`Feature ${500 + k} changed in 1.${k}`);
      expect(r.features.find((f) => f.id === fileOf(0).replace(/\.md$/, ''))?.file).toBe(`v1.${k}:features/${fileOf(0)}`);
    }
    // A file the same in several releases is parsed once: they share its data, each under its own name.
    const at = (k: number, i: number) => read.releases[k]?.features.find((f) => f.id === fileOf(i).replace(/\.md$/, ''));
    expect(at(0, 300)?.data).toBe(at(RELEASES - 1, 300)?.data);
    expect([at(0, 300)?.file, at(RELEASES - 1, 300)?.file]).toEqual([`v1.0:features/${fileOf(300)}`, `v1.${RELEASES - 1}:features/${fileOf(300)}`]);
    // Feature 0 changed at every tag: a parse of its own in each.
    expect(new Set(read.releases.map((r) => r.features.find((f) => f.id === fileOf(0).replace(/\.md$/, ''))?.data)).size).toBe(RELEASES);
    // Feature 2 changed at 1.1: 1.0 has its own parse, 1.1 and later share theirs.
    expect(at(0, 2)?.data).not.toBe(at(1, 2)?.data);
    expect(at(1, 2)?.data).toBe(at(RELEASES - 1, 2)?.data);
  });

  it('names a finding in a file the same in two releases once under each release', async () => {
    const two = await Repo.create();
    // Refused by the loader's schema (a list, not a status): a finding with the file's name in it.
    const broken = generated(3).replace('status: Supported', 'status: [Supported]');
    two.features({ 'project.yml': projectYml(), 'security-team.yml': ROSTER, 'group-0/broken.md': broken, 'group-0/fine.md': generated(1) });
    two.release('v1.0');
    two.features({ 'group-0/fine.md': generated(1, 'Changed') });
    two.release('v1.1');
    const corpus = await loadCorpus('features', { cwd: two.dir });
    const read = await loadReleases(corpus.root, { ...corpus.project, releases: [{ name: '1.0', ref: 'v1.0' }, { name: '1.1', ref: 'v1.1' }] }, { cwd: two.dir });
    const findings = read.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity}`);
    expect(findings).toEqual(['v1.0:features/group-0/broken.md:4:9 warn', 'v1.1:features/group-0/broken.md:4:9 warn']);
    expect(read.releases.map((r) => r.features.map((f) => f.file))).toEqual([['v1.0:features/group-0/fine.md'], ['v1.1:features/group-0/fine.md']]);
  });

  it('diff between two of the releases also costs two processes', async () => {
    const { spawn: counted, calls, children } = counting();
    const result = await diff({ cwd: repo.dir, base: 'v1.0', head: `v1.${RELEASES - 1}`, today: TODAY, spawn: counted });
    expect(calls).toEqual(EXPECTED_CALLS);
    expect(await allExited(children)).toEqual([0, 0]);
    // Only titles changed: no cell did.
    expect(result.diff.changes).toEqual([]);
    expect(result.diff.added).toEqual([]);
    expect(result.diff.removed).toEqual([]);
  });

  it('GitObjects answers many requests, missing ones included, in order through one process', async () => {
    const { spawn: counted, calls, children } = counting();
    const git = await GitObjects.open(`${repo.dir}/features`, counted);
    try {
      expect(git.location.prefix).toBe('features');
      const specs = Array.from({ length: RELEASES }, (_, k) => [`v1.${k}:features/${fileOf(0)}`, `v1.${k}:features/missing.md`]).flat();
      const objects = await Promise.all(specs.map((s) => git.read(s)));
      expect(objects.map((o) => (o === undefined ? 'missing' : /title: (.*)/.exec(o.content.toString('utf8'))?.[1]))).toEqual(
        Array.from({ length: RELEASES }, (_, k) => [`Feature 0 at 1.${k}`, 'missing']).flat(),
      );
    } finally {
      git.close();
    }
    expect(calls).toEqual(EXPECTED_CALLS);
    expect(await allExited(children)).toEqual([0, 0]);
  });
});
