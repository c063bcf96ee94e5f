// The GitHub Action (action.yml): its step script run as the action runs
// it, with the environment a pull request gives, in a real git repository.
import { execFile, execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copySample, repoRoot } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

const run = promisify(execFile);
const script = path.join(repoRoot, 'dist/cli/action.js');

/** The sample committed as the base; the working tree upgrades a feature to Supported with no sign-off, as a pull request would. */
async function pullRequest(): Promise<{ dir: string; base: string }> {
  const dir = await tempDir();
  await copySample(dir);
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.org' } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  const base = git('rev-parse', 'HEAD').trim();
  const file = path.join(dir, 'features/scheduling/realtime.md');
  await writeFile(file, (await readFile(file, 'utf8')).replace('status: Tech Preview', 'status: Supported'));
  return { dir, base };
}

/** Runs the step script as action.yml does, with `env` on top of GitHub's; resolves with its exit code and output. */
async function step(dir: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [script], { cwd: dir, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }).then(
    (r) => ({ code: 0, ...r }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('the GitHub Action', () => {
  it('fails a pull request that upgrades a feature without a sign-off: annotations, SARIF and the diff as the step summary', async () => {
    const { dir, base } = await pullRequest();
    const summary = path.join(dir, 'summary.md');
    await writeFile(summary, '');
    const result = await step(dir, { INPUT_BASE: base, INPUT_FEATURES: 'features', INPUT_SARIF: 'out.sarif', INPUT_TODAY: TODAY, GITHUB_STEP_SUMMARY: summary });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^::error file=features\/scheduling\/realtime\.md,line=\d+,col=\d+/m);
    const sarif = JSON.parse(await readFile(path.join(dir, 'out.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    const results = sarif.runs[0]?.results ?? [];
    expect(results.some((r) => r.locations[0]?.physicalLocation.artifactLocation.uri.endsWith('features/scheduling/realtime.md'))).toBe(true);
    const markdown = await readFile(summary, 'utf8');
    expect(markdown).toContain('scheduling/realtime');
    expect(markdown).toMatch(/sign-off/i);
  });

  it('passes a pull request that changes nothing that needs a sign-off, and needs its base', async () => {
    const { dir, base } = await pullRequest();
    execFileSync('git', ['checkout', '-q', '--', '.'], { cwd: dir });
    const clean = await step(dir, { INPUT_BASE: base, INPUT_SARIF: '', INPUT_TODAY: TODAY, GITHUB_STEP_SUMMARY: '' });
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    const missing = await step(dir, { INPUT_BASE: '', INPUT_TODAY: TODAY });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no `base` input');
  });

  it('action.yml runs that script with every input it declares', async () => {
    const action = parse(await readFile(path.join(repoRoot, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; runs: { using: string; steps: Array<{ run?: string; env?: Record<string, string> }> } };
    expect(action.runs.using).toBe('composite');
    const stepRun = action.runs.steps.find((s) => s.run?.includes('dist/cli/action.js'));
    expect(stepRun).toBeDefined();
    expect(Object.keys(stepRun?.env ?? {}).sort()).toEqual(['INPUT_BASE', 'INPUT_FEATURES', 'INPUT_SARIF', 'INPUT_TODAY']);
    expect(Object.keys(action.inputs).sort()).toEqual(['base', 'features', 'sarif', 'today', 'working-directory']);
    const hooks = parse(await readFile(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string; entry: string }>;
    expect(hooks.map((h) => [h.id, h.entry])).toEqual([['support-matrix-check', 'npx --no-install support-matrix check']]);
  });
});
