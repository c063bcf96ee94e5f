import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { TODAY } from '../helpers/corpus.js';

const run = promisify(execFile);

// The compiled launcher, as `npx support-matrix` runs it after `npm ci` (npm test rebuilds dist first).
describe('bin/support-matrix.js', () => {
  it('checks the sample corpus in a real process and exits 0', async () => {
    const { stdout } = await run(process.execPath, [path.join(repoRoot, 'bin/support-matrix.js'), 'check', 'features', '--today', TODAY], { cwd: repoRoot });
    expect(stdout).toContain('no problems');
  });

  it('sets exit code 2 for a usage error', async () => {
    const failure = await run(process.execPath, [path.join(repoRoot, 'bin/support-matrix.js'), 'check', 'no-such-dir'], { cwd: repoRoot }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('No features directory at no-such-dir');
  });
});
