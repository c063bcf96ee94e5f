/**
 * Releases that cannot be read: a ref git does not know, a ref without a
 * features directory, a features directory outside any git repository, and
 * no git at all.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../../src/cli/commands/build.js';
import { check } from '../../src/cli/commands/check.js';
import type { Spawn } from '../../src/load/git.js';
import { cli } from '../helpers/cli.js';
import { TODAY } from '../helpers/corpus.js';
import { sealed } from '../helpers/seal.js';
import { positionOf, projectYml, Repo, ROSTER, scratchDir, simple } from './repo.js';

const LIFECYCLE = 'lifecycle:\n  supported-months: 18\n  security-supported-months: 36\n';

/** project.yml with releases `1.0` → v1.0 (exists), `0.9` → v0.9 (no features/), `1.1` → v1.1 (no such ref), `2.0` → "v2.0" quoted (no such ref). */
const PROJECT = projectYml({
  releases: `${LIFECYCLE}releases:
  - name: "0.9"
    ref: v0.9
    initial-release: 2023-01-01
  - name: "1.0"
    ref: v1.0
    initial-release: 2024-01-01
  - name: "1.1"
    ref: v1.1
    initial-release: 2025-01-01
  - name: "2.0"
    ref: "v2.0"
    initial-release: 2026-01-01
`,
});

const FEATURES = {
  'guests/pv.md': simple('PV guests', 'Guest types', 'Supported'),
  'toolstack/xl.md': simple('xl', 'Toolstack', 'Tech Preview'),
};

describe('a release ref that git cannot find', () => {
  let repo: Repo;

  beforeEach(async () => {
    repo = await Repo.create();
    // v0.9: a commit from before the features directory existed.
    repo.write({ 'README.md': '# Release test\n' }).release('v0.9');
    repo.features({ 'project.yml': PROJECT, 'security-team.yml': ROSTER, ...FEATURES }).release('v1.0');
  });

  it('is an error on project.yml at the line and column of its `ref` value; the other releases are still read', async () => {
    const result = await check({ cwd: repo.dir, today: TODAY });
    expect(result.diagnostics.map((d) => ({ file: d.file, line: d.line, column: d.column, severity: d.severity, rule: d.ruleName, messageId: d.messageId }))).toEqual([
      { file: 'features/project.yml', ...positionOf(PROJECT, 'v0.9', 'ref:'), severity: 'error', rule: 'file', messageId: 'unknown-ref' },
      { file: 'features/project.yml', ...positionOf(PROJECT, 'v1.1', 'ref: v1.1'), severity: 'error', rule: 'file', messageId: 'unknown-ref' },
      // A quoted value starts at its quote.
      { file: 'features/project.yml', ...positionOf(PROJECT, '"v2.0"'), severity: 'error', rule: 'file', messageId: 'unknown-ref' },
    ]);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'Unexpected ref `v0.9` that git cannot find with a features directory (`v0.9:features`); create the tag or branch, or fix `ref`',
      'Unexpected ref `v1.1` that git cannot find with a features directory (`v1.1:features`); create the tag or branch, or fix `ref`',
      'Unexpected ref `v2.0` that git cannot find with a features directory (`v2.0:features`); create the tag or branch, or fix `ref`',
    ]);
    expect(result.releases.map((r) => [r.config.name, r.features.map((f) => f.id)])).toEqual([['1.0', ['guests/pv', 'toolstack/xl']]]);
  });

  it('fails the CLI check (exit 1) and the build', async () => {
    const run = await cli(['check', '--today', TODAY], repo.dir);
    expect(run.code).toBe(1);
    const at = positionOf(PROJECT, 'v1.1', 'ref: v1.1');
    expect(run.stdout).toContain(`features/project.yml:${at.line}:${at.column}  error  Unexpected ref \`v1.1\``);
    const built = await build({ cwd: repo.dir, today: TODAY, revision: 'test' });
    expect(built.written).toBe(false);
  });

  it('once the tags exist and the bad entries are gone, check is clean', async () => {
    repo.tag('v1.1').tag('v2.0');
    repo.features({ 'project.yml': PROJECT.replace(/ {2}- name: "0\.9"\n.*\n.*\n/, '') });
    const result = await check({ cwd: repo.dir, today: TODAY });
    expect(result.diagnostics).toEqual([]);
    expect(result.releases.map((r) => r.config.ref)).toEqual(['v1.0', 'v1.1', 'v2.0']);
  });
});

describe('a features directory outside any git repository', () => {
  let dir: string;
  let ceiling: string | undefined;
  const project = projectYml({ releases: `${LIFECYCLE}releases:\n  - name: "1.0"\n    ref: v1.0\n    initial-release: 2025-01-01\n` });

  beforeEach(async () => {
    dir = await scratchDir();
    mkdirSync(path.join(dir, 'features', 'guests'), { recursive: true });
    writeFileSync(path.join(dir, 'features', 'project.yml'), project);
    writeFileSync(path.join(dir, 'features', 'security-team.yml'), ROSTER);
    writeFileSync(path.join(dir, 'features', 'guests', 'pv.md'), sealed(FEATURES['guests/pv.md'] ?? '', project, 'guests/pv.md'));
    // Never find a repository above the temporary directory, wherever it is.
    ceiling = process.env['GIT_CEILING_DIRECTORIES'];
    process.env['GIT_CEILING_DIRECTORIES'] = path.dirname(dir);
  });

  afterEach(() => {
    if (ceiling === undefined) delete process.env['GIT_CEILING_DIRECTORIES'];
    else process.env['GIT_CEILING_DIRECTORIES'] = ceiling;
  });

  const notRead = (): object => ({
    file: 'features/project.yml',
    ...positionOf(project, '- name: "1.0"'),
    severity: 'warn',
    rule: 'file',
    messageId: 'no-repository',
  });
  const brief = (list: Array<{ file: string; line: number; column: number; severity: string; ruleName: string; messageId: string }>): object[] =>
    list.map((d) => ({ file: d.file, line: d.line, column: d.column, severity: d.severity, rule: d.ruleName, messageId: d.messageId }));

  it('check warns that releases were not read, and does not fail', async () => {
    const result = await check({ cwd: dir, today: TODAY });
    expect(brief(result.diagnostics)).toEqual([notRead()]);
    expect(result.diagnostics[0]?.message).toMatch(/^Releases not read: features is not in a git repository/);
    expect(result.releases).toEqual([]);
    const run = await cli(['check', '--today', TODAY], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('warn  Releases not read');
  });

  it('build still succeeds, with no release history', async () => {
    const built = await build({ cwd: dir, today: TODAY, revision: 'test' });
    expect(built.written).toBe(true);
    expect(brief(built.diagnostics)).toEqual([notRead()]);
    const page = await readFile(path.join(built.out, 'releases', 'index.html'), 'utf8');
    // The dates come from project.yml alone, so the release is listed, marked as not read.
    expect(page.match(/<tr id="release-/g)).toHaveLength(1);
    expect(page).toContain("Not read from git (see the build's warnings): <code>v1.0</code>");
    // project.yml does list a release: the page must not say it lists none.
    expect(page).not.toContain('No releases are listed in project.yml');
    // No release column in the history table: only `current`.
    expect(page).not.toMatch(/<th scope="col" data-col="1\.0">/);
    const pv = await readFile(path.join(built.out, 'features', 'guests', 'pv', 'index.html'), 'utf8');
    expect(pv).not.toContain('History across releases');
  });

  it('diff is a usage error (exit 2) that says why', async () => {
    const run = await cli(['diff', 'v1.0', '--today', TODAY], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^support-matrix: Cannot read revision `v1.0`: features is not in a git repository/);
  });

  it('without git at all, the same warning instead of a crash', async () => {
    const calls: string[][] = [];
    const noGit: Spawn = (cmd, args, opts) => {
      calls.push([cmd, ...args]);
      return spawn(`${cmd}-that-is-not-installed`, args, opts);
    };
    const result = await check({ cwd: dir, today: TODAY, spawn: noGit });
    expect(brief(result.diagnostics)).toEqual([notRead()]);
    expect(calls).toHaveLength(1);
  });
});
