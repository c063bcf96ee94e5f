import { execFile } from 'node:child_process';
import { link, mkdir, readFile, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli, copySample, repoRoot } from '../helpers/cli.js';
import { tempDir, TODAY } from '../helpers/corpus.js';

const run = promisify(execFile);
const bin = path.join(repoRoot, 'bin/support-matrix.js');
const SECRET = 'hunter2-not-for-your-eyes';

/** Runs the real CLI in a child process whose environment holds a secret, as CI's does. */
async function checkWithSecret(cwd: string, format = 'stylish'): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, 'check', 'features', '--today', TODAY, '--format', format], { cwd, env: { ...process.env, CI_DEPLOY_TOKEN: SECRET, NO_COLOR: '1' } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe('config files are read like feature files', () => {
  for (const name of ['signoff-baseline.yml', 'security-team.yml', 'project.yml']) {
    it(`refuses ${name} as a symlink to /proc/self/environ, and never prints the environment`, async () => {
      const dir = await tempDir();
      const features = await copySample(dir);
      await unlink(path.join(features, name)).catch(() => undefined);
      await symlink('/proc/self/environ', path.join(features, name));
      for (const format of ['stylish', 'json', 'github', 'sarif']) {
        const result = await checkWithSecret(dir, format);
        expect(result.output, format).not.toContain(SECRET);
        expect(result.output, format).not.toContain('CI_DEPLOY_TOKEN');
        expect(result.output, format).toContain('outside the features directory');
        // project.yml is needed to check anything: exit 2; the others are findings: exit 1.
        expect(result.code, format).toBe(name === 'project.yml' ? 2 : 1);
      }
      const stylish = await checkWithSecret(dir);
      expect(stylish.output).toMatch(new RegExp(`features/${name.replace('.', '\\.')}:1:1  error  Unexpected symlink to \`/proc/\\d+/environ\`, outside the features directory; refused, its content was not read`));
    });
  }

  it('refuses a roster that links outside even to an ordinary file, and no sign-off counts then', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    const outside = path.join(dir, 'elsewhere.yml');
    await writeFile(outside, await readFile(path.join(features, 'security-team.yml')));
    await unlink(path.join(features, 'security-team.yml'));
    await symlink(outside, path.join(features, 'security-team.yml'));
    const result = await cli(['check', 'features', '--today', TODAY], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('features/security-team.yml:1:1  error  Unexpected symlink to');
    // Fail closed: with no roster, the Supported cells have no valid sign-off.
    expect(result.stdout).toMatch(/supported-requires-signoff/);
  });

  it('reads a config file through a symlink that stays inside the features directory', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    await mkdir(path.join(features, 'config'));
    await writeFile(path.join(features, 'config/team.yml'), await readFile(path.join(features, 'security-team.yml')));
    await unlink(path.join(features, 'security-team.yml'));
    await symlink('config/team.yml', path.join(features, 'security-team.yml'));
    const result = await cli(['check', 'features', '--today', TODAY], dir);
    expect(result.stdout).toContain('no problems');
    expect(result.code).toBe(0);
  });

  it('refuses a FIFO, a directory and a broken link in place of a config file, without blocking', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    await run('mkfifo', [path.join(features, 'signoff-baseline.yml')]);
    await unlink(path.join(features, 'security-team.yml'));
    await mkdir(path.join(features, 'security-team.yml'));
    const result = await cli(['check', 'features', '--today', TODAY], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('features/signoff-baseline.yml:1:1  error  Unexpected signoff-baseline.yml that is not a regular file');
    expect(result.stdout).toContain('features/security-team.yml:1:1  error  Unexpected security-team.yml that is not a regular file');

    await unlink(path.join(features, 'project.yml'));
    await symlink('nowhere.yml', path.join(features, 'project.yml'));
    const broken = await cli(['check', 'features', '--today', TODAY], dir);
    expect(broken.code).toBe(2);
    expect(broken.stdout).toContain('features/project.yml:1:1  error  Unexpected symlink to nothing');
  });
});

describe('findings quote only a short excerpt of the input', () => {
  it('shows at most 80 characters of a long value, and control characters escaped', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    const long = `A${'b'.repeat(5000)}`;
    await writeFile(path.join(features, 'signoff-baseline.yml'), `exempt: ${long}\n`);
    const result = await cli(['check', 'features', '--today', TODAY], dir);
    const line = result.stdout.split('\n').find((l) => l.startsWith('features/signoff-baseline.yml')) ?? '';
    expect(line).toContain('Unexpected string `Abbb');
    expect(line).toContain('…`');
    expect(line).not.toContain('b'.repeat(80));
    expect(line.length).toBeLessThan(300);
  });
});

describe('a config file that is not YAML of the right shape', () => {
  it('is named by its type, never quoted: a hard link to a file of secrets shows nothing of them', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    const secrets = path.join(dir, 'secrets.env');
    await writeFile(secrets, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`);
    for (const name of ['signoff-baseline.yml', 'security-team.yml', 'project.yml']) {
      await unlink(path.join(features, name)).catch(() => undefined);
      await link(secrets, path.join(features, name));
    }
    for (const format of ['stylish', 'json', 'github', 'sarif']) {
      const result = await cli(['check', 'features', '--today', TODAY, '--format', format], dir);
      expect(result.code, format).toBe(2);
      expect(result.stdout + result.stderr, format).not.toContain(SECRET);
      expect(result.stdout + result.stderr, format).toContain('Unexpected string for `frontmatter`, expected object');
    }
  });
});
