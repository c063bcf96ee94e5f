// Issue 11: an operating-system error (a path through a file, a read-only
// or pseudo file system) is the user's to fix, not a bug: one line naming
// what could not be done to which path, exit 2, and a stack trace only on
// request. Real paths: /sys refuses every write, even to root.
import { readdir, readFile, readlink, lstat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSystemError, systemErrorOf } from '../../src/cli/errors.js';
import { cli, copySample, repoRoot, type CliResult } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

/** Every entry under `dir`, hidden ones included: files by hash, links by target. */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const name of (await readdir(d)).sort()) {
      const abs = path.join(d, name);
      const info = await lstat(abs);
      const rel = path.relative(dir, abs);
      if (info.isSymbolicLink()) out[rel] = `link -> ${await readlink(abs)}`;
      else if (info.isDirectory()) {
        out[rel] = 'dir';
        await walk(abs);
      } else out[rel] = createHash('sha256').update(await readFile(abs)).digest('hex');
    }
  };
  await walk(dir);
  return out;
}

async function project(): Promise<string> {
  const dir = await tempDir();
  await copySample(dir);
  await writeFile(path.join(dir, 'notes.txt'), 'my notes\n');
  return dir;
}

/** One line `support-matrix: cannot <action> <path>: <advice> (<CODE>)`, no stack. */
function expectSystemError(result: CliResult, pathShown: string, codes: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  const line = lines[0] ?? '';
  expect(line.startsWith('support-matrix: cannot '), line).toBe(true);
  expect(line).toContain(pathShown);
  expect(line).toMatch(new RegExp(`: [^:]+; [^;]+ \\((${codes.source})\\)$`));
  expect(result.stderr).not.toContain('    at ');
  expect(result.stderr).not.toContain('internal error');
}

const READ_ONLY = /EPERM|EROFS|EACCES/;

describe('operating-system errors', () => {
  it('build --out through a regular file: refused inside the working directory, ENOTDIR outside it; one line, the file untouched', async () => {
    const dir = await project();
    const before = await tree(dir);
    const inside = await cli(['build', '--today', TODAY, '--no-cache', '--out', 'notes.txt/_site'], dir);
    expect(inside.code).toBe(2);
    expect(inside.stderr.trimEnd().split('\n')).toEqual([`support-matrix: Refusing to write ${path.join(dir, 'notes.txt/_site')}: ${path.join(dir, 'notes.txt')} is not a directory`]);
    expect(await tree(dir)).toEqual(before);

    const elsewhere = await tempDir();
    await writeFile(path.join(elsewhere, 'notes.txt'), 'mine\n');
    const outside = await cli(['build', '--today', TODAY, '--no-cache', '--out', path.join(elsewhere, 'notes.txt/_site')], dir);
    expectSystemError(outside, path.join(elsewhere, 'notes.txt/'), /ENOTDIR/);
    expect(await readFile(path.join(elsewhere, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(await tree(dir)).toEqual(before);
  });

  it('build --out under /sys: cannot create the directory, one line, nothing written', async () => {
    const dir = await project();
    const before = await tree(dir);
    const result = await cli(['build', '--today', TODAY, '--no-cache', '--out', '/sys/support-matrix-test/_site'], dir);
    expectSystemError(result, '/sys/support-matrix-test', READ_ONLY);
    expect(result.stderr).toMatch(/^support-matrix: cannot create the directory \/sys\/support-matrix-test/);
    expect(await tree(dir)).toEqual(before);
  });

  it('build --out under /proc ends with an error instead of looping in mkdir', async () => {
    const dir = await project();
    const result = await cli(['build', '--today', TODAY, '--no-cache', '--out', '/proc/support-matrix-test/x/_site'], dir);
    expectSystemError(result, '/proc/support-matrix-test', /ENOENT|EPERM|EROFS|EACCES/);
  });

  it('adds the stack with --debug, before or after the command, or with $SUPPORT_MATRIX_DEBUG', async () => {
    const dir = await project();
    const args = ['--today', TODAY, '--no-cache', '--out', '/sys/support-matrix-test/_site'];
    for (const [argv, env] of [
      [['build', ...args, '--debug'], {}],
      [['--debug', 'build', ...args], {}],
      [['build', ...args], { SUPPORT_MATRIX_DEBUG: '1' }],
    ] as const) {
      const result = await cli([...argv], dir, env);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^support-matrix: cannot create the directory \/sys\/support-matrix-test: .*\n/);
      expect(result.stderr).toMatch(/\n {4}at /);
      expect(result.stderr).not.toContain('internal error');
    }
  });

  it('export --out under /sys: one line naming the file asked for, not a temporary name', async () => {
    const dir = await project();
    const before = await tree(dir);
    const result = await cli(['export', '--today', TODAY, '--out', '/sys/x/out.json'], dir);
    expectSystemError(result, '/sys/x/out.json', /ENOENT|EPERM|EROFS|EACCES/);
    expect(result.stderr).not.toContain('.tmp');
    expect(result.stdout).toBe('');
    expect(await tree(dir)).toEqual(before);
  });

  it('import support-md --out under /sys: one line, exit 2', async () => {
    const dir = await project();
    const before = await tree(dir);
    const fixture = path.join(repoRoot, 'test/fixtures/support-md/SUPPORT.md');
    const result = await cli(['import', 'support-md', fixture, '--today', TODAY, '--out', '/sys/x'], dir);
    expectSystemError(result, '/sys/x', READ_ONLY);
    expect(await tree(dir)).toEqual(before);
  });
});

describe('describeSystemError and systemErrorOf', () => {
  it('finds a real fs error wrapped the way Eleventy wraps write errors (twice, as originalError and cause)', async () => {
    const dir = await tempDir();
    const fsError = await writeFile(path.join(dir, 'no-such-dir', 'index.html'), 'x').then(
      () => undefined,
      (error: unknown) => error,
    );
    const inner = Object.assign(new Error('Having trouble writing to "index.html"'), { originalError: fsError });
    const outer = new Error('Having trouble rendering', { cause: inner });
    const found = systemErrorOf(outer);
    expect(found).toBe(fsError);
    expect(describeSystemError(found!)).toBe(`cannot open ${path.join(dir, 'no-such-dir', 'index.html')}: no such file or directory; check the path (ENOENT)`);
  });

  it('does not take a bug for an operating-system error', () => {
    expect(systemErrorOf(new TypeError('x is not a function'))).toBeUndefined();
    expect(systemErrorOf(Object.assign(new Error('odd'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBeUndefined();
    const loop = new Error('loop');
    (loop as Error & { cause: unknown }).cause = loop;
    expect(systemErrorOf(loop)).toBeUndefined();
  });
});
