// Issue 11: `build`, `serve` and `export` must never replace a file or a
// directory the user made. Every case runs on real directories, real
// symlinks, a real FIFO and real git repositories, and compares every file
// under the project (`.git` included) before and after.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cli/commands/build.js';
import { SITE_MARKER, SITE_MARKER_TEXT, writeReplacing } from '../../src/cli/commands/output.js';
import { serve } from '../../src/cli/commands/serve.js';
import { UsageError } from '../../src/cli/errors.js';
import { cli, copySample, repoRoot, type CliResult } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

const BIN = path.join(repoRoot, 'bin/support-matrix.js');
const runFile = promisify(execFile);

/**
 * Every entry under `dir` (hidden ones and `.git` included), relative and
 * sorted: a file as its mode and a hash of its bytes, a directory and a FIFO
 * as their mode, a symlink as its target. Equal snapshots: nothing was
 * written, removed, replaced or re-permissioned.
 */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const name of (await readdir(d)).sort()) {
      const abs = path.join(d, name);
      const rel = path.relative(dir, abs);
      const info = await lstat(abs);
      const mode = (info.mode & 0o7777).toString(8);
      if (info.isSymbolicLink()) out[rel] = `link -> ${await readlink(abs)}`;
      else if (info.isDirectory()) {
        out[rel] = `dir ${mode}`;
        await walk(abs);
      } else if (info.isFile()) out[rel] = `file ${mode} ${createHash('sha256').update(await readFile(abs)).digest('hex')}`;
      else out[rel] = `special ${mode}`;
    }
  };
  await walk(dir);
  return out;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'init.defaultBranch=main', ...args], { cwd, stdio: 'ignore' });
}

/**
 * A user's project: the sample features, notes, a folder of documents, an
 * empty folder with a symlink to it, a nested git repository, and the whole
 * project committed to git.
 */
async function userProject(root?: string): Promise<string> {
  const dir = root ?? (await tempDir());
  await copySample(dir);
  await writeFile(path.join(dir, 'notes.txt'), 'my notes\n');
  await mkdir(path.join(dir, 'mydocs', 'drafts'), { recursive: true });
  await writeFile(path.join(dir, 'mydocs', 'plan.md'), '# Plan\n');
  await writeFile(path.join(dir, 'mydocs', 'drafts', 'idea.txt'), 'an idea\n');
  await mkdir(path.join(dir, 'elsewhere'));
  await symlink('elsewhere', path.join(dir, 'link'));
  await mkdir(path.join(dir, 'repo'));
  await writeFile(path.join(dir, 'repo', 'README'), 'a repository of its own\n');
  git(path.join(dir, 'repo'), 'init', '-q');
  git(path.join(dir, 'repo'), 'add', '.');
  git(path.join(dir, 'repo'), 'commit', '-q', '-m', 'one');
  git(dir, 'init', '-q');
  git(dir, 'add', 'features', 'notes.txt', 'mydocs');
  git(dir, 'commit', '-q', '-m', 'project');
  return dir;
}

/** The one-line refusal the CLI prints, and no stack trace. */
function expectRefusal(result: CliResult, shown: string, why: string): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr.startsWith(`support-matrix: Refusing --out ${shown}: ${why}; `), result.stderr).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toContain('    at ');
  expect(result.stdout).toBe('');
}

describe('build refuses an output directory it would destroy', () => {
  const cases: Array<{ name: string; out: string; why: string }> = [
    { name: 'the working directory (`.`)', out: '.', why: 'it is or holds the directory you are working in, which the site would replace' },
    { name: 'the features directory', out: 'features', why: 'it is or holds the features directory, which the site would replace' },
    { name: 'a directory inside the features directory', out: 'features/sub', why: 'it is inside the features directory, where the pages and exports would be read as feature files' },
    { name: 'an existing subdirectory of the features directory', out: 'features/guest-types', why: 'it is inside the features directory, where the pages and exports would be read as feature files' },
    { name: 'a directory inside the features directory whose name starts with two dots', out: 'features/..site', why: 'it is inside the features directory, where the pages and exports would be read as feature files' },
    { name: "a folder of the user's files", out: 'mydocs', why: `it is a directory that support-matrix did not create (it has no ${SITE_MARKER} file), and the build replaces the whole directory` },
    { name: 'a regular file', out: 'notes.txt', why: 'it is a file, not a directory' },
    { name: 'a symlink to an empty directory', out: 'link', why: 'it is a symbolic link, and the build would replace the link' },
    { name: 'the root of a git work tree', out: 'repo', why: 'it is a git work tree' },
  ];

  for (const { name, out, why } of cases) {
    it(`refuses ${name} and leaves every file of the project as it was`, async () => {
      const dir = await userProject();
      const before = await tree(dir);
      expect(Object.keys(before)).toContain('.git/HEAD');
      expect(Object.keys(before)).toContain('repo/.git/HEAD');
      expectRefusal(await cli(['build', '--today', TODAY, '--no-cache', '--out', out], dir), out, why);
      expect(await tree(dir)).toEqual(before);
    });
  }

  it('refuses a path into the features directory through a symlink', async () => {
    const dir = await userProject();
    await symlink('features', path.join(dir, 'feature-link'));
    const before = await tree(dir);
    for (const out of ['feature-link/site', 'feature-link']) {
      const result = await cli(['build', '--today', TODAY, '--no-cache', '--out', out], dir);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^support-matrix: Refusing --out ${out}: it is (inside|or holds) the features directory`));
    }
    expect(await tree(dir)).toEqual(before);
  });

  it('refuses an ancestor of the working directory, given relative or absolute', async () => {
    const root = await tempDir();
    await writeFile(path.join(root, 'keep.txt'), 'beside the project\n');
    const project = path.join(root, 'work', 'project');
    await mkdir(project, { recursive: true });
    await userProject(project);
    const before = await tree(root);
    const why = 'it is or holds the directory you are working in, which the site would replace';
    expectRefusal(await cli(['build', '--today', TODAY, '--no-cache', '--out', '..'], project), '..', why);
    expectRefusal(await cli(['build', '--today', TODAY, '--no-cache', '--out', root], project), root, why);
    expect(await tree(root)).toEqual(before);
  });

  it('refuses the root of the file system', async () => {
    const dir = await userProject();
    const before = await tree(dir);
    const rootBefore = (await readdir('/')).sort();
    expectRefusal(await cli(['build', '--today', TODAY, '--no-cache', '--out', '/'], dir), '/', 'it is the root of the file system');
    expect((await readdir('/')).sort()).toEqual(rootBefore);
    expect(await tree(dir)).toEqual(before);
  });

  it('refuses the home directory, and a directory holding it ($HOME of a real process)', async () => {
    const root = await tempDir();
    const home = path.join(root, 'home', 'someone');
    await mkdir(path.join(home, 'Documents'), { recursive: true });
    await writeFile(path.join(home, 'Documents', 'letter.txt'), 'Dear …\n');
    await writeFile(path.join(home, '.profile'), 'export EDITOR=vi\n');
    const project = path.join(root, 'project');
    await mkdir(project);
    await userProject(project);
    const before = await tree(root);
    const runBin = (out: string): Promise<CliResult> =>
      runFile(process.execPath, [BIN, 'build', '--today', TODAY, '--no-cache', '--out', out], { cwd: project, env: { ...process.env, HOME: home } }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
      );
    expectRefusal(await runBin(home), home, 'it is your home directory');
    expectRefusal(await runBin(path.join(root, 'home')), path.join(root, 'home'), 'it holds your home directory');
    expect(await tree(root)).toEqual(before);
  });

  it('refuses before checking: a corpus with errors still gets the refusal, exit 2', async () => {
    const dir = await userProject();
    await writeFile(path.join(dir, 'features', 'broken.md'), '---\ntitle: Broken\n');
    const before = await tree(dir);
    const result = await cli(['build', '--today', TODAY, '--no-cache', '--out', 'mydocs'], dir);
    expectRefusal(result, 'mydocs', `it is a directory that support-matrix did not create (it has no ${SITE_MARKER} file), and the build replaces the whole directory`);
    expect(await tree(dir)).toEqual(before);
  });
});

describe('serve refuses the same output directories', () => {
  for (const out of ['mydocs', '.', 'features/sub', 'notes.txt']) {
    it(`refuses --out ${out} before serving, leaving the project as it was`, async () => {
      const dir = await userProject();
      const before = await tree(dir);
      const outcome = await serve({ cwd: dir, out, port: 0, today: TODAY, log: () => {}, report: () => {} }).then(
        async (server) => {
          await server.close();
          return 'served';
        },
        (error: unknown) => error,
      );
      expect(outcome).toBeInstanceOf(UsageError);
      expect((outcome as Error).message.startsWith(`Refusing --out ${out}: `)).toBe(true);
      expect(await tree(dir)).toEqual(before);
    });
  }

  it('exits 2 from the command line with the one-line message', async () => {
    const dir = await userProject();
    const before = await tree(dir);
    const result = await cli(['serve', '--out', 'mydocs', '--port', '0', '--no-cache', '--today', TODAY], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^support-matrix: Refusing --out mydocs: it is a directory that support-matrix did not create/);
    expect(await tree(dir)).toEqual(before);
  });
});

describe('build writes where it may', () => {
  it('creates a missing output directory, with the marker in the site', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const result = await cli(['build', '--today', TODAY, '--no-cache', '--revision', 'one'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(path.join(dir, '_site', SITE_MARKER), 'utf8')).toBe(SITE_MARKER_TEXT);
    expect((await readdir(dir)).sort()).toEqual(['_site', 'features']);
  });

  it('builds into an empty directory', async () => {
    const dir = await tempDir();
    await copySample(dir);
    await mkdir(path.join(dir, 'public'));
    const result = await cli(['build', '--today', TODAY, '--no-cache', '--out', 'public'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(path.join(dir, 'public', SITE_MARKER), 'utf8')).toBe(SITE_MARKER_TEXT);
    expect((await stat(path.join(dir, 'public', 'index.html'))).isFile()).toBe(true);
  });

  it('keeps replacing a site it built, whole: a stray file in it goes, the marker stays', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const site = path.join(dir, '_site');
    const footer = async (): Promise<string> => /built from revision <code>([^<]*)<\/code>/.exec(await readFile(path.join(site, 'index.html'), 'utf8'))?.[1] ?? '';
    for (const revision of ['one', 'two', 'three']) {
      await writeFile(path.join(site, 'stray.txt'), 'left by hand\n').catch(() => undefined);
      const result = await cli(['build', '--today', TODAY, '--no-cache', '--revision', revision], dir);
      expect(result.code, result.stderr).toBe(0);
      expect(await footer()).toBe(revision);
      expect(await readFile(path.join(site, SITE_MARKER), 'utf8')).toBe(SITE_MARKER_TEXT);
      expect(await readdir(site)).not.toContain('stray.txt');
    }
    expect((await readdir(dir)).sort()).toEqual(['_site', 'features']);
  });

  it('writes the same marker into every site: builds stay byte-identical', async () => {
    const dir = await tempDir();
    await copySample(dir);
    await build({ cwd: dir, out: 'a', today: TODAY, revision: 'same' });
    await build({ cwd: dir, out: 'b', today: TODAY, revision: 'same' });
    const a = await tree(path.join(dir, 'a'));
    expect(a[SITE_MARKER]).toBeDefined();
    expect(await tree(path.join(dir, 'b'))).toEqual(a);
  });
});

describe('what killed builds left beside the output', () => {
  it("never removes a `._site.building-*` directory holding the user's files, or named otherwise than a build names them; removes marked and empty ones", async () => {
    const dir = await tempDir();
    await copySample(dir);
    expect((await cli(['build', '--today', TODAY, '--no-cache', '--revision', 'one'], dir)).code).toBe(0);
    const mine = path.join(dir, '._site.building-XYZ');
    await mkdir(path.join(mine, 'deep'), { recursive: true });
    await writeFile(path.join(mine, 'thesis.tex'), '\\documentclass{article}\n');
    await writeFile(path.join(mine, 'deep', 'data.csv'), 'a,b\n1,2\n');
    const marked = path.join(dir, '._site.building-0123456789ab');
    await mkdir(path.join(marked, 'features'), { recursive: true });
    await writeFile(path.join(marked, SITE_MARKER), SITE_MARKER_TEXT);
    await writeFile(path.join(marked, 'features', 'half.html'), '<p>half');
    await mkdir(path.join(dir, '._site.building-a1b2c3d4e5f6'));
    // Empty, but not a name a build makes: the user's, kept.
    await mkdir(path.join(dir, '._site.building-mine'));
    const before = await tree(mine);

    const result = await cli(['build', '--today', TODAY, '--no-cache', '--revision', 'two'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['._site.building-XYZ', '._site.building-mine', '_site', 'features']);
    expect(await tree(mine)).toEqual(before);
  });

  it("does not take a user's `._site.building-*.old` directory for a site to put back", async () => {
    const dir = await tempDir();
    await copySample(dir);
    const aside = path.join(dir, '._site.building-1.old');
    await mkdir(aside);
    await writeFile(path.join(aside, 'index.html'), '<p>my own page</p>\n');
    const before = await tree(aside);
    const result = await cli(['build', '--today', TODAY, '--no-cache'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(await tree(aside)).toEqual(before);
    expect(await readFile(path.join(dir, '_site', 'index.html'), 'utf8')).not.toContain('my own page');
    expect(await readFile(path.join(dir, '_site', SITE_MARKER), 'utf8')).toBe(SITE_MARKER_TEXT);
  });
});

describe('permissions of the site', () => {
  /** Runs the real CLI under `umask` and returns the distinct modes of the site's directories and files. */
  async function modesUnder(umask: string): Promise<{ dirs: string[]; files: string[] }> {
    const dir = await tempDir();
    await copySample(dir);
    await runFile('sh', ['-c', `umask ${umask}; exec "$0" "$@"`, process.execPath, BIN, 'build', '--today', TODAY, '--no-cache', '--revision', 'test'], { cwd: dir });
    const site = path.join(dir, '_site');
    const modes = { dirs: new Set<string>(), files: new Set<string>() };
    const mode = async (file: string): Promise<string> => ((await lstat(file)).mode & 0o7777).toString(8);
    modes.dirs.add(await mode(site));
    let count = 0;
    for (const [rel, entry] of Object.entries(await tree(site))) {
      count++;
      if (entry.startsWith('dir ')) modes.dirs.add(await mode(path.join(site, rel)));
      else if (entry.startsWith('file ')) modes.files.add(await mode(path.join(site, rel)));
      else modes.files.add(entry);
    }
    expect(count).toBeGreaterThan(60);
    return { dirs: [...modes.dirs], files: [...modes.files] };
  }

  it('makes directories 0755 and files 0644 under umask 022, the site directory included', async () => {
    expect(await modesUnder('022')).toEqual({ dirs: ['755'], files: ['644'] });
  });

  it('makes directories 0750 and files 0640 under umask 027, the site directory included', async () => {
    expect(await modesUnder('027')).toEqual({ dirs: ['750'], files: ['640'] });
  });
});

describe('export --out', () => {
  const FORMATS = [
    { format: 'json', file: 'matrix.json' },
    { format: 'csv', file: 'matrix.csv' },
    { format: 'support-md', file: 'SUPPORT.md' },
    { format: 'atom', file: 'changes.atom' },
    { format: 'jsonfeed', file: 'changes.json' },
  ];

  /** The project's entries, but for `except`: what export must leave alone (no temporary files left either). */
  async function others(dir: string, ...except: string[]): Promise<Record<string, string>> {
    return without(await tree(dir), ...except);
  }
  function without(snapshot: Record<string, string>, ...except: string[]): Record<string, string> {
    return Object.fromEntries(Object.entries(snapshot).filter(([rel]) => !except.includes(rel)));
  }

  it("refuses to replace the user's file, and leaves it as it was", async () => {
    const dir = await userProject();
    const before = await tree(dir);
    expectRefusal(await cli(['export', '--today', TODAY, '--out', 'notes.txt'], dir), 'notes.txt', 'it exists and does not begin as a file support-matrix export writes (a badge never does: it carries no mark of who wrote it)');
    expect(await tree(dir)).toEqual(before);
  });

  it("replaces the user's file with --force", async () => {
    const dir = await userProject();
    const before = await tree(dir);
    const expected = (await cli(['export', '--today', TODAY], dir)).stdout;
    const result = await cli(['export', '--today', TODAY, '--force', '--out', 'notes.txt'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(path.join(dir, 'notes.txt'), 'utf8')).toBe(expected);
    expect(await others(dir, 'notes.txt')).toEqual(without(before, 'notes.txt'));
  });

  for (const { format, file } of FORMATS) {
    it(`replaces its own earlier ${format} export without --force`, async () => {
      const dir = await tempDir();
      await copySample(dir);
      const first = await cli(['export', '-f', format, '--today', TODAY, '--out', file], dir);
      expect(first.code, first.stderr).toBe(0);
      const before = await others(dir, file);
      const inode = (await stat(path.join(dir, file))).ino;
      const later = '2026-09-01';
      const expected = (await cli(['export', '-f', format, '--today', later], dir)).stdout;
      expect(expected.length).toBeGreaterThan(100);
      const again = await cli(['export', '-f', format, '--today', later, '--out', file], dir);
      expect(again.code, again.stderr).toBe(0);
      expect(await readFile(path.join(dir, file), 'utf8')).toBe(expected);
      // A new file renamed into place, not the old one rewritten.
      expect((await stat(path.join(dir, file))).ino).not.toBe(inode);
      expect(await others(dir, file)).toEqual(before);
    });
  }

  it('accepts its own export of another format in place of the one asked for', async () => {
    const dir = await tempDir();
    await copySample(dir);
    expect((await cli(['export', '-f', 'csv', '--today', TODAY, '--out', 'out.txt'], dir)).code).toBe(0);
    const result = await cli(['export', '-f', 'json', '--today', TODAY, '--out', 'out.txt'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(path.join(dir, 'out.txt'), 'utf8')).toMatch(/^\{\n {2}"schemaVersion": /);
  });

  for (const target of ['features/matrix.json', 'features/guest-types/matrix.json', 'features/..matrix.json', 'features/project.yml']) {
    it(`refuses ${target}, inside the features directory, even with --force`, async () => {
      const dir = await userProject();
      const before = await tree(dir);
      for (const force of [[], ['--force']]) {
        expectRefusal(await cli(['export', '--today', TODAY, ...force, '--out', target], dir), target, 'it is inside the features directory, where an export would be read as input');
      }
      expect(await tree(dir)).toEqual(before);
    });
  }

  it('refuses a path into the features directory through a symlink', async () => {
    const dir = await userProject();
    await symlink('features', path.join(dir, 'feature-link'));
    const before = await tree(dir);
    expectRefusal(await cli(['export', '--today', TODAY, '--force', '--out', 'feature-link/matrix.json'], dir), 'feature-link/matrix.json', 'it is inside the features directory, where an export would be read as input');
    expect(await tree(dir)).toEqual(before);
  });

  it('refuses a directory, even with --force', async () => {
    const dir = await userProject();
    const before = await tree(dir);
    for (const force of [[], ['--force']]) {
      expectRefusal(await cli(['export', '--today', TODAY, ...force, '--out', 'mydocs'], dir), 'mydocs', 'it is a directory');
    }
    expect(await tree(dir)).toEqual(before);
  });

  it('refuses a FIFO, even with --force, without opening it (no hang)', async () => {
    const dir = await userProject();
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const before = await tree(dir);
    expect(before['pipe']).toMatch(/^special /);
    for (const force of [[], ['--force']]) {
      expectRefusal(await cli(['export', '--today', TODAY, ...force, '--out', 'pipe'], dir), 'pipe', 'it is not a regular file (a FIFO, socket or device)');
    }
    expect((await lstat(path.join(dir, 'pipe'))).isFIFO()).toBe(true);
    expect(await tree(dir)).toEqual(before);
  });

  it('refuses a symlink, even with --force: neither the link nor the file it points to is replaced', async () => {
    const dir = await userProject();
    await symlink('notes.txt', path.join(dir, 'notes-link.json'));
    await symlink('/proc/self/fd/1', path.join(dir, 'stdout-link'));
    const before = await tree(dir);
    for (const force of [[], ['--force']]) {
      expectRefusal(await cli(['export', '--today', TODAY, ...force, '--out', 'notes-link.json'], dir), 'notes-link.json', 'it is a symbolic link');
      expectRefusal(await cli(['export', '--today', TODAY, ...force, '--out', 'stdout-link'], dir), 'stdout-link', 'it is a symbolic link');
    }
    expect(await tree(dir)).toEqual(before);
  });

  it('replaces no other tool\'s JSON that happens to begin with schemaVersion (an OCI image manifest)', async () => {
    const dir = await userProject();
    await writeFile(path.join(dir, 'manifest.json'), '{\n  "schemaVersion": 2,\n  "mediaType": "application/vnd.oci.image.manifest.v1+json"\n}\n');
    const before = await tree(dir);
    expectRefusal(await cli(['export', '--today', TODAY, '--out', 'manifest.json'], dir), 'manifest.json', 'it exists and does not begin as a file support-matrix export writes (a badge never does: it carries no mark of who wrote it)');
    expect(await tree(dir)).toEqual(before);
  });

  it('refuses a symlink to its own earlier export', async () => {
    const dir = await tempDir();
    await copySample(dir);
    expect((await cli(['export', '--today', TODAY, '--out', 'real.json'], dir)).code).toBe(0);
    await symlink('real.json', path.join(dir, 'link.json'));
    const before = await tree(dir);
    expectRefusal(await cli(['export', '--today', TODAY, '--out', 'link.json'], dir), 'link.json', 'it is a symbolic link');
    expect(await tree(dir)).toEqual(before);
  });

  it('writes a new file with ordinary permissions and leaves no temporary file', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const before = await tree(dir);
    const result = await cli(['export', '-f', 'csv', '--today', TODAY, '--out', 'matrix.csv'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('Wrote matrix.csv\n');
    expect(await others(dir, 'matrix.csv')).toEqual(before);
    // As any file this process creates: 0666 less the umask, not a temporary file's 0600.
    await writeFile(path.join(dir, 'reference'), '');
    expect((await stat(path.join(dir, 'matrix.csv'))).mode & 0o777).toBe((await stat(path.join(dir, 'reference'))).mode & 0o777);
  });
});

describe('writeReplacing', () => {
  it('removes its temporary file when the rename fails, and names the target in the error', async () => {
    const dir = await tempDir();
    // A directory that appeared where the file was to go (after the checks).
    await mkdir(path.join(dir, 'out.json', 'inside'), { recursive: true });
    const error = await writeReplacing(path.join(dir, 'out.json'), '{}\n').then(
      () => undefined,
      (e: unknown) => e as NodeJS.ErrnoException,
    );
    expect(error?.code).toMatch(/^(EISDIR|ENOTEMPTY|EEXIST)$/);
    expect(error?.path).toBe(path.join(dir, 'out.json'));
    expect((await readdir(dir)).sort()).toEqual(['out.json']);
    expect(await readdir(path.join(dir, 'out.json'))).toEqual(['inside']);
  });
});
