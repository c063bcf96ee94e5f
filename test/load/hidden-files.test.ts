import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/load/corpus.js';
import { cli, copySample } from '../helpers/cli.js';
import { tempDir, TODAY } from '../helpers/corpus.js';

/** A feature claiming Supported with no sign-off: silence about it would be a hidden claim. */
const claim = '---\ntitle: Hidden claim\nsection: Guest types\nstatus: Supported\n---\n';

describe('hidden and oddly named markdown files under the features directory', () => {
  it('names every one with an error (not read, but a forge shows them) and reads nothing of them', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    const names = ['.hidden.md', '..md', '.md', '.drafts/proposal.md', '.drafts/deeper/.also.md', 'guest-types/.secret.md', 'guest-types/.notes/x.markdown'];
    const odd = ['trailing-space.md ', 'trailing-dot.md.', 'zero-width.md\u200b', 'soft-hyphen.md\u00ad', 'invisible-times.md\u2062', 'grapheme-joiner.md\u034f', 'hangul-filler.md\u3164'];
    for (const name of [...names, ...odd]) {
      await mkdir(path.dirname(path.join(features, name)), { recursive: true });
      await writeFile(path.join(features, name), claim);
    }
    // Not reported: git's own files. node_modules is not read either, but named once.
    await mkdir(path.join(features, '.git'), { recursive: true });
    await writeFile(path.join(features, '.git/description.md'), claim);
    await mkdir(path.join(features, 'guest-types/node_modules/pkg'), { recursive: true });
    await writeFile(path.join(features, 'guest-types/node_modules/pkg/evil.md'), claim);
    // A directory linked in is not followed: named, never silent.
    const elsewhere = path.join(dir, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(path.join(elsewhere, 'claim.md'), claim);
    await symlink(elsewhere, path.join(features, 'linked'));

    const corpus = await loadCorpus('features', { cwd: dir });
    expect(corpus.features.map((f) => f.data.title)).not.toContain('Hidden claim');
    const found = corpus.diagnostics.map((d) => [d.file, d.line, d.column, d.severity, d.messageId]);
    expect(found.filter((f) => f[4] === 'hidden-file').map((f) => f[0]).sort()).toEqual(names.map((n) => `features/${n}`).sort());
    expect(found.filter((f) => f[4] === 'odd-name').map((f) => f[0]).sort()).toEqual(odd.map((n) => `features/${n}`).sort());
    expect(found.filter((f) => f[4] === 'node-modules').map((f) => f[0])).toEqual(['features/guest-types/node_modules']);
    expect(found.filter((f) => f[4] === 'symlink-directory').map((f) => f[0])).toEqual(['features/linked']);
    for (const f of found.filter((f) => ['hidden-file', 'odd-name', 'node-modules', 'symlink-directory'].includes(String(f[4])))) expect(f.slice(1, 4)).toEqual([1, 1, 'error']);

    const result = await cli(['build', '--today', TODAY], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('features/.hidden.md:1:1  error  Unexpected hidden file named like a feature file');
    expect(result.stdout).toContain('features/trailing-dot.md.:1:1  error  Unexpected file name with spaces, dots or invisible characters after `.md`');
    expect(result.stdout).toContain('features/zero-width.md\u200b:1:1  error  Unexpected file name with spaces, dots or invisible characters');
    expect(await readdir(dir)).not.toContain('_site');
  });

  it('leaves other hidden files alone: only markdown names are findings', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    await writeFile(path.join(features, '.editorconfig'), 'root = true\n');
    await mkdir(path.join(features, '.github'));
    await writeFile(path.join(features, '.github/CODEOWNERS'), '* @security\n');
    const result = await cli(['check', 'features', '--today', TODAY], dir);
    expect(result.stdout).toContain('no problems');
    expect(result.code).toBe(0);
  });
});
