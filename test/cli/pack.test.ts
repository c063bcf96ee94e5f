// The published package on its own, as a user meets it: `npm pack`, then
// `npm install` of the tarball into an empty project (real npm, real
// registry cache), and the README's "start a project of your own" steps,
// `build`, `export` and `serve` run from there.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';

const run = promisify(execFile);
const TODAY = '2026-06-01';

describe('the packed package, installed into an empty project', () => {
  it('installs without running a script, and init, new, check, build, export and serve work from it', async () => {
    const dir = await tempDir();
    // dist/ as `npm test` compiled it (pretest): prepack would compile it again under the other test files' feet.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, '--silent'], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
    const tarball = path.join(dir, packed.stdout.trim().split('\n').at(-1) ?? '');
    expect(existsSync(tarball), tarball).toBe(true);

    const project = path.join(dir, 'project');
    await mkdir(project);
    await run('git', ['init', '-q'], { cwd: project });
    await writeFile(path.join(project, 'package.json'), `${JSON.stringify({ name: 'demo-support', private: true }, null, 2)}\n`);
    // A project's own .gitignore lists node_modules/, where the package's templates now live.
    await writeFile(path.join(project, '.gitignore'), 'node_modules/\n_site/\n');
    const install = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: project, maxBuffer: 16 * 1024 * 1024 });
    // The package ships compiled code: installing it runs no install script (npm would warn).
    expect(install.stderr).not.toMatch(/install-scripts|prepare/);
    const installed = path.join(project, 'node_modules/support-matrix');
    expect(existsSync(path.join(installed, 'dist/cli/bin.js'))).toBe(true);
    // Tests, fixtures and the vendored third-party statements are not published.
    expect(existsSync(path.join(installed, 'test'))).toBe(false);
    // Of src/, only the rule docs that findings link to.
    expect((await readdir(path.join(installed, 'src'), { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && !e.name.endsWith('.md'))).toEqual([]);

    const cli = (...args: string[]): Promise<{ stdout: string; stderr: string }> => run(path.join(project, 'node_modules/.bin/support-matrix'), args, { cwd: project, maxBuffer: 64 * 1024 * 1024 });
    await cli('init', 'features');
    // The generated files point at the installed package's documentation.
    expect((await readFile(path.join(project, 'features/project.yml'), 'utf8')).split('\n')[0]).toBe('# Project settings; see ../node_modules/support-matrix/schema/project.schema.md.');
    expect(existsSync(path.join(project, 'node_modules/support-matrix/schema/project.schema.md'))).toBe(true);
    await cli('new', 'guest-types/pvh', '--title', 'PVH guests', '--section', 'General');
    const checked = await cli('check', 'features', '--today', TODAY);
    // Exit 0 (run throws otherwise); the scaffolded feature only asks for what blocks its upgrade.
    expect(checked.stdout).toContain('(0 errors, 1 warning)');

    const built = await cli('build', 'features', '--today', TODAY);
    // The matrix, two features, two arches, the Releases, sign-offs and statuses pages.
    expect(`${built.stdout}${built.stderr}`).toContain('Built 8 pages from 2 features');
    const index = await readFile(path.join(project, '_site/index.html'), 'utf8');
    expect(index).toContain('PVH guests');
    for (const page of ['features/guest-types/pvh/index.html', 'arch/x86/index.html', 'releases/index.html', 'signoffs/index.html', 'statuses/index.html', 'assets/site.css']) {
      expect(existsSync(path.join(project, '_site', page)), page).toBe(true);
    }

    const exported = await cli('export', 'features', '--format', 'json', '--today', TODAY);
    const document = JSON.parse(exported.stdout) as { features: Array<{ id: string }> };
    expect(document.features.map((f) => f.id).sort()).toEqual(['general/example', 'guest-types/pvh']);

    // The Eleventy plugin resolves from the installed package.
    const plugin = await run(process.execPath, ['--input-type=module', '-e', "const m = await import('support-matrix/eleventy'); console.log(typeof m.default);"], { cwd: project });
    expect(plugin.stdout.trim()).toBe('function');

    // `serve`: one request for the matrix, then stop.
    const server = spawn(path.join(project, 'node_modules/.bin/support-matrix'), ['serve', 'features', '--port', '0', '--out', '_serve', '--today', TODAY], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`serve printed no address: ${out}`)), 60_000);
        const read = (chunk: Buffer): void => {
          out += chunk.toString('utf8');
          const found = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (found?.[1]) {
            clearTimeout(timer);
            resolve(found[1]);
          }
        };
        server.stdout.on('data', read);
        server.stderr.on('data', read);
        server.on('exit', (code) => reject(new Error(`serve exited with ${String(code)}: ${out}`)));
      });
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('PVH guests');
    } finally {
      server.kill('SIGTERM');
    }
  }, 240_000);
});
