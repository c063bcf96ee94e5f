// `npm run sample:releases`: the sample with a history, so the README's
// release examples run as written.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli, repoRoot } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

const run = promisify(execFile);
const script = path.join(repoRoot, 'scripts/sample-releases.js');

describe('npm run sample:releases', () => {
  it('makes the sample with releases 1.0 and 2.0 in git, on which the README release examples run', async () => {
    const dir = path.join(await tempDir(), 'sample');
    const made = await run(process.execPath, [script, dir]);
    expect(made.stdout).toContain(`is in ${dir}. Try, in it:`);
    const diffed = await cli(['diff', 'v1.0', '--today', TODAY], dir);
    // Exit 1: listing the releases in project.yml since v1.0 is a governance change.
    expect(diffed.code, diffed.stderr).toBe(1);
    expect(diffed.stdout.split('\n')[0]).toBe('v1.0 → working tree: 7 cells changed, 1 feature added, 0 removed, 0 renamed; 0 changed cells lack a sign-off; 4 governance changes; 0 new sign-offs');
    const exported = await cli(['export', '--release', '2.0', '--format', 'support-md', '--out', 'SUPPORT-2.0.md', '--today', TODAY], dir);
    expect(exported.code, exported.stderr).toBe(0);
  });

  it('refuses a directory that is not empty, with exit 2, and writes nothing there', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'mine'));
    await writeFile(path.join(dir, 'mine/notes.txt'), 'mine\n');
    const failed = await run(process.execPath, [script, dir]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('is not empty; give a new or empty directory');
  });
});
