import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, copySample, repoRoot } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

interface JsonReport {
  errorCount: number;
  warningCount: number;
  diagnostics: Array<{ file: string; line: number; column: number; ruleId: string; ruleName: string; message: string }>;
}

interface Sarif {
  version: string;
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string }> } };
    results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }>;
  }>;
}

/** Replaces `from` with `to` in a file of the copied corpus, failing if `from` is not there. */
async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const next = text.replace(from, to);
  expect(next, `pattern not found in ${file}`).not.toBe(text);
  await writeFile(file, next);
}

describe('check on the sample corpus', () => {
  it('passes with no findings at all', async () => {
    const result = await cli(['check', 'features', '--today', TODAY], repoRoot);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^✓ \d+ features checked in features: no problems\n$/);
    expect(result.code).toBe(0);
  });

  it('has at least 40 features in at least 8 sections', async () => {
    const result = await cli(['check', 'features', '--today', TODAY, '--format', 'json'], repoRoot);
    expect(JSON.parse(result.stdout)).toMatchObject({ errorCount: 0, warningCount: 0 });
    const { loadCorpus } = await import('../../src/load/corpus.js');
    const corpus = await loadCorpus('features', { cwd: repoRoot });
    expect(corpus.features.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.features.map((f) => f.data.section)).size).toBeGreaterThanOrEqual(8);
  });
});

describe('check catches sign-off regressions in a copy of the sample corpus', () => {
  it('fails when a Supported cell’s sign-off names another status', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    const file = path.join(features, 'guest-types/hvm.md');
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^status: Supported$/m);
    await edit(file, /(signoffs:\n  - by: \w+\n    date: [\d-]+\n    status: )Supported/, '$1Tech Preview');
    const result = await cli(['check', 'features', '--today', TODAY], dir);
    expect(result.code).toBe(1);
    const statusLine = text.split('\n').indexOf('status: Supported') + 1;
    expect(result.stdout).toContain(`features/guest-types/hvm.md:${statusLine}:9  error`);
    expect(result.stdout).toMatch(/is for `Tech Preview` \(stale\).*supported-requires-signoff/);
  });

  it('fails when a variant’s sign-off is removed', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    const file = path.join(features, 'guest-types/pvh.md');
    // The whole entry: its fields, claim and signature, up to the next entry.
    await edit(file, /  - by: \w+\n    date: [\d-]+\n    status: Supported\n    variant: domu\n    ref: \S+\n(?:    .*\n|      .*\n)*?(?=  - by:)/, '');
    const result = await cli(['check', 'features', '--today', TODAY], dir);
    expect(result.code).toBe(1);
    const line = (await readFile(file, 'utf8')).split('\n').findIndex((l) => l === '    id: domu') + 2;
    expect(result.stdout).toContain(`features/guest-types/pvh.md:${line}:13  error  \`Supported\` cell of variant \`domu\``);
    expect(result.stdout).toContain('--variant domu');
    expect(result.stdout).toContain('supported-requires-signoff');
  });

  it('fails when a per-arch override becomes Supported: the sign-off was signed for the other arches', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    const file = path.join(features, 'scheduling/fairshare.md');
    await edit(file, /(  riscv:\n    status: )Experimental/, '$1Supported');
    const lines = (await readFile(file, 'utf8')).split('\n');
    const line = lines.findIndex((l, i) => l === '    status: Supported' && lines[i - 1] === '  riscv:') + 1;
    for (const format of ['json', 'sarif', 'stylish'] as const) {
      const result = await cli(['check', 'features', '--today', TODAY, '--format', format], dir);
      expect(result.code).toBe(1);
      if (format === 'stylish') expect(result.stdout).toContain(`features/scheduling/fairshare.md:${line}:13  error`);
      if (format === 'stylish') expect(result.stdout).toContain('was signed for x86, arm; `riscv` was added later');
    }
    const json = JSON.parse((await cli(['check', 'features', '--today', TODAY, '--format', 'json'], dir)).stdout) as JsonReport;
    const sarif = JSON.parse((await cli(['check', 'features', '--today', TODAY, '--format', 'sarif'], dir)).stdout) as Sarif;
    expect(json.diagnostics.map((d) => [d.file, d.line, d.column, d.ruleId])).toEqual([['features/scheduling/fairshare.md', line, 13, 'SM101']]);
    expect(json.diagnostics[0]?.message).toContain('`riscv` was added later');
    const results = sarif.runs[0]?.results ?? [];
    expect(results.map((r) => [r.locations[0]?.physicalLocation.artifactLocation.uri, r.locations[0]?.physicalLocation.region.startLine, r.locations[0]?.physicalLocation.region.startColumn, r.ruleId])).toEqual(
      json.diagnostics.map((d) => [d.file, d.line, d.column, d.ruleId]),
    );
  });
});

describe('formats and exit codes', () => {
  const broken = `---
title: Unsigned
section: Guest types
status: Supported
---
`;
  const warned = `---
title: Early
section: Guest types
status: Experimental
---
`;
  async function project(files: Record<string, string>): Promise<string> {
    const dir = await tempDir();
    await cli(['init', 'features', '--today', TODAY, '--name', 'Test'], dir);
    await edit(path.join(dir, 'features/project.yml'), 'sections:\n  - name: General', 'sections:\n  - name: Guest types\n  - name: General');
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, 'features', name), text);
    return dir;
  }

  it('json, sarif and github carry the same findings', async () => {
    const dir = await project({ 'broken.md': broken, 'early.md': warned });
    const json = JSON.parse((await cli(['check', '-f', 'json', '--today', TODAY], dir)).stdout) as JsonReport;
    expect(json).toMatchObject({ errorCount: 1, warningCount: 1 });
    const sarif = JSON.parse((await cli(['check', '-f', 'sarif', '--today', TODAY], dir)).stdout) as Sarif;
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run?.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['SM101', 'error'],
      ['SM112', 'warning'],
    ]);
    for (const r of run?.results ?? []) expect(run?.tool.driver.rules.map((x) => x.id)).toContain(r.ruleId);
    const github = (await cli(['check', '-f', 'github', '--today', TODAY], dir)).stdout.trim().split('\n');
    expect(github).toHaveLength(2);
    expect(github[0]).toMatch(/^::error file=features\/broken\.md,line=4,col=9,endLine=4,endColumn=18,title=supported-requires-signoff \(SM101\)::`Supported` cell/);
    expect(github[1]).toMatch(/^::warning file=features\/early\.md,line=4,col=9,/);
  });

  it('exits 0 with warnings, 1 with --max-warnings below them, 1 with errors', async () => {
    const dir = await project({ 'early.md': warned });
    expect((await cli(['check', '--today', TODAY], dir)).code).toBe(0);
    const strict = await cli(['check', '--today', TODAY, '--max-warnings', '0'], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('more than --max-warnings 0');
    expect((await cli(['check', '--today', TODAY, '--max-warnings', '1'], dir)).code).toBe(0);
    await writeFile(path.join(dir, 'features/broken.md'), broken);
    const quiet = await cli(['check', '--today', TODAY, '--quiet'], dir);
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).not.toContain('early.md');
  });

  it('respects NO_COLOR and colours only a terminal', async () => {
    const dir = await project({ 'broken.md': broken });
    expect((await cli(['check', '--today', TODAY], dir, {}, true)).stdout).toContain('\u001b[');
    expect((await cli(['check', '--today', TODAY], dir, { NO_COLOR: '1' }, true)).stdout).not.toContain('\u001b[');
    expect((await cli(['check', '--today', TODAY], dir, {}, false)).stdout).not.toContain('\u001b[');
  });

  it('exits 2 on usage and configuration errors, with a message saying what to do', async () => {
    const dir = await tempDir();
    const missing = await cli(['check', 'nowhere'], dir);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toContain('No features directory at nowhere');
    expect((await cli(['check', '--format', 'xml'], dir)).code).toBe(2);
    expect((await cli(['frobnicate'], dir)).code).toBe(2);
    expect((await cli(['check', '--max-warnings', 'many'], dir)).stderr).toContain('expected a whole number');
    expect((await cli(['check', '--today', '2024-13-45'], dir)).code).toBe(2);
    // Date.parse accepts 2026-02-30; an impossible today must not switch off the date checks.
    const impossible = await cli(['check', '--today', '2026-02-30'], dir);
    expect(impossible.code).toBe(2);
    expect(impossible.stderr).toContain('expected a real YYYY-MM-DD date');

    const bad = await project({});
    await writeFile(path.join(bad, 'features/project.yml'), 'name: X\narchitectures: x86\n');
    const config = await cli(['check', '--today', TODAY], bad);
    expect(config.code).toBe(2);
    expect(config.stdout).toContain('features/project.yml:2:16  error  Unexpected string `x86` for `architectures`, expected array');
    expect(config.stderr).toContain('features/project.yml is not valid');
  });

  it('reports an unknown rule name in project.yml with a suggestion', async () => {
    const dir = await project({});
    await edit(path.join(dir, 'features/project.yml'), 'rules: {}', 'rules:\n  upgrade-blocker: off');
    const result = await cli(['check', '--today', TODAY], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('did you mean `upgrade-blockers`?');
  });

  it('applies per-rule severities from project.yml, by name or id', async () => {
    const dir = await project({ 'early.md': warned, 'broken.md': broken });
    await edit(path.join(dir, 'features/project.yml'), 'rules: {}', 'rules:\n  upgrade-blockers: error\n  SM101: error');
    const json = JSON.parse((await cli(['check', '-f', 'json', '--today', TODAY], dir)).stdout) as JsonReport;
    expect(json.diagnostics.map((d) => [d.ruleName, (d as unknown as { severity: string }).severity])).toEqual([
      ['supported-requires-signoff', 'error'],
      ['upgrade-blockers', 'error'],
    ]);
    await edit(path.join(dir, 'features/project.yml'), 'upgrade-blockers: error', 'upgrade-blockers: off');
    const off = JSON.parse((await cli(['check', '-f', 'json', '--today', TODAY], dir)).stdout) as JsonReport;
    expect(off.diagnostics.map((d) => d.ruleName)).toEqual(['supported-requires-signoff']);
  });

  it('prints help and version with exit 0', async () => {
    const dir = await tempDir();
    const help = await cli(['--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/check[\s\S]*new[\s\S]*init/);
    const checkHelp = await cli(['check', '--help'], dir);
    expect(checkHelp.stdout).toContain('--max-warnings');
    const version = await cli(['--version'], dir);
    const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    for (const flag of ['-v', '-V']) expect(await cli([flag], dir), flag).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    // One way to name the features directory: every command takes --dir (and -d), the positional ones as an alias of [dir].
    for (const command of ['check', 'build', 'serve', 'export', 'signoffs', 'init', 'diff', 'new', 'signoff']) {
      expect((await cli([command, '--help'], dir)).stdout, command).toMatch(/-d, --dir <dir>/);
    }
    expect((await cli(['check', '--dir', 'features', '--today', TODAY], repoRoot)).code).toBe(0);
    const both = await cli(['check', 'features', '--dir', 'elsewhere'], dir);
    expect(both).toMatchObject({ code: 2 });
    expect(both.stderr).toContain('Unexpected two features directories, `features` and --dir `elsewhere`; give one');
  });
});
