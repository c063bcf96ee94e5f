import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { UsageError } from '../../src/cli/errors.js';
import { importSupportMdFile } from '../../src/cli/commands/import.js';
import { importPandocFeatureFiles } from '../../src/cli/commands/import-pandoc.js';
import { importPandocFeature } from '../../src/import/pandoc-feature.js';
import { loadCorpus } from '../../src/load/corpus.js';
import type { Diagnostic } from '../../src/types.js';
import { cli, repoRoot } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

const fixtures = path.join(repoRoot, 'test/fixtures/pandoc-feature');
const pvGuests = path.join(fixtures, 'pv-guests.pandoc');
const cacheColouring = path.join(fixtures, 'cache-colouring.pandoc');
const statuses = ['Experimental', 'Tech Preview', 'Supported', 'Deprecated'];

/** The frontmatter of a written feature file, as YAML 1.2 reads it. */
async function frontmatter(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  return parse(text.split(/^---$/m)[1] ?? '');
}

describe('importPandocFeature', () => {
  it('reads the Basics table (a status per architecture), the History table and the Known issues bullets', async () => {
    const result = importPandocFeature(await readFile(pvGuests, 'utf8'), { file: 'pv-guests.pandoc', statuses });
    expect(result.feature.id).toBe('imported/pv-guests');
    expect(result.feature.path).toBe('imported/pv-guests.md');
    expect(result.feature.data).toEqual({
      title: 'PV guests',
      section: 'Imported',
      summary: 'Paravirtualised guests run a kernel that knows it is a Kestrel guest and asks the hypervisor for privileged operations instead of trapping.',
      arches: { x86: { status: 'Supported' }, arm: { status: 'Tech Preview' } },
      'known-issues': [{ summary: 'Ballooning below 128 MiB stalls the guest.' }, { summary: 'The event channel limit is 1024 per guest on 32-bit builds.' }],
      since: '2.1',
      components: ['hypervisor', 'toolstack', 'guest kernel'],
    });
    expect(result.notes).toEqual([
      { line: 13, column: 18, kind: 'heuristic', message: '"Tech Preview/Experimental" read as Tech Preview, the first status of the list that the project has' },
      { line: 40, column: 1, kind: 'heuristic', message: '`since: "2.1"` taken from the earliest History row (2021-03-02)' },
    ]);
    const body = result.feature.body;
    expect(body).not.toMatch(/clearpage|Basics|^% /m);
    expect(body.split('\n').filter((l) => l.startsWith('#'))).toEqual(['## Overview', '## User details', '## Known issues', '## History']);
    expect(body).toContain(
      ['## History', '', '| Date | Revision | Version | Notes |', '| --- | --- | --- | --- |', '| 2021-03-02 | 1 | Kestrel 2.1 | First draft |', '| 2022-08-19 | 2 | Kestrel 2.4 | Arm port added |', '| 2023-01-10 | 3 | Kestrel 3.0 | Declared supported on x86 |'].join(
        '\n',
      ),
    );
    expect(body).toContain('* Ballooning below 128 MiB stalls the guest.');
    expect(body.endsWith('\n\nImported from pv-guests.pandoc line 1.\n')).toBe(true);
  });

  it('reads setext headings; without a Basics table the default status is set, with a note', async () => {
    const result = importPandocFeature(await readFile(cacheColouring, 'utf8'), { file: 'cache-colouring.pandoc', section: 'Host/Caches', statuses });
    expect(result.feature.id).toBe('host/cache-colouring');
    expect(result.feature.data).toEqual({
      title: 'Cache colouring',
      section: 'Host/Caches',
      summary: "Cache colouring gives each guest its own slice of the last-level cache, so that one guest cannot evict another's lines.",
      status: 'Experimental',
      'known-issues': [{ summary: 'Colours cannot change while the guest runs.' }, { summary: 'Not available together with superpages.' }],
    });
    expect(result.notes).toEqual([{ line: 1, column: 1, kind: 'heuristic', message: 'No Status in Basics; set to Experimental — edit the imported file' }]);
    const body = result.feature.body;
    expect(body.split('\n').filter((l) => l.startsWith('#'))).toEqual(['## Usage', '### Sizing', '## Known issues']);
    expect(body).not.toMatch(/^(=+|-{3,})$/m);
    expect(body).toContain('    llc_colors = "0-3"');
    expect(body.startsWith('Cache colouring gives each guest')).toBe(true);

    const tech = importPandocFeature(await readFile(cacheColouring, 'utf8'), { file: 'cache-colouring.pandoc', statuses, defaultStatus: 'Tech Preview' });
    expect(tech.feature.data.status).toBe('Tech Preview');
  });

  it('keeps an unknown status verbatim with a did-you-mean, leaves out unknown arches and keeps other rows in the body', () => {
    const text = [
      '% Frobnicator',
      '% Revision 1',
      '',
      '# Basics',
      '',
      '---------------- ---------------------------',
      '         Status: **Suported**',
      '',
      'Architecture(s): x86, sparc',
      '',
      '       Hardware: Frobnication unit',
      '---------------- ---------------------------',
      '',
      '# Overview',
      '',
      'Frobnicates.',
    ].join('\n');
    const result = importPandocFeature(text, { file: 'frob.pandoc', statuses });
    expect(result.feature.data).toEqual({ title: 'Frobnicator', section: 'Imported', summary: 'Frobnicates.', status: 'Suported', arches: { x86: 'applies' } });
    expect(result.notes).toEqual([
      { line: 7, column: 18, kind: 'unmapped', message: 'Unexpected status `Suported` (did you mean `Supported`?), kept verbatim; edit the imported file' },
      { line: 9, column: 23, kind: 'unmapped', message: 'Unexpected architecture `sparc`; left out — add it to project.yml or edit the imported file' },
      { line: 11, column: 8, kind: 'unmapped', message: 'Basics row `Hardware` has no frontmatter field; kept in the body under "Basics"' },
    ]);
    expect(result.feature.body).toContain('## Basics\n\n- Hardware: Frobnication unit\n\n## Overview');
  });

  it('reads a vendor before an arch (`Intel x86`) as that arch, `all` as every arch, and `None` under Known issues as no known issue', () => {
    const doc = (arch: string, known: string): string =>
      ['% Frobnicator', '', '# Basics', '', '---------------- ---------------------------', '         Status: **Supported**', '', `Architecture(s): ${arch}`, '---------------- ---------------------------', '', '# Known issues', '', known, ''].join('\n');
    const intel = importPandocFeature(doc('Intel x86', '* None'), { file: 'frob.pandoc', statuses });
    expect(intel.feature.data.arches).toEqual({ x86: 'applies' });
    expect(intel.feature.data['known-issues']).toBeUndefined();
    expect(intel.notes.filter((n) => n.kind === 'unmapped')).toEqual([]);
    expect(importPandocFeature(doc('AMD x86 and ARM', 'None.'), { file: 'frob.pandoc', statuses }).feature.data.arches).toEqual({ x86: 'applies', arm: 'applies' });
    const all = importPandocFeature(doc('all', '* The frobnicator leaks a page on reset.'), { file: 'frob.pandoc', statuses });
    expect(all.feature.data.arches).toEqual({ x86: 'applies', arm: 'applies' });
    expect(all.feature.data['known-issues']).toEqual([{ summary: 'The frobnicator leaks a page on reset.' }]);
  });

  it('takes the title from the file name when there is neither a title block nor a title heading', () => {
    const result = importPandocFeature('# Overview\n\nDoes things.\n', { file: 'docs/odd_feature.pandoc', statuses });
    expect(result.feature.data).toMatchObject({ title: 'odd feature', summary: 'Does things.', status: 'Experimental' });
    expect(result.feature.id).toBe('imported/odd-feature');
    expect(result.notes[0]).toEqual({ line: 1, column: 1, kind: 'heuristic', message: 'No title block (`% Title`) or title heading; the title "odd feature" comes from the file name' });
  });
});

describe('importPandocFeatureFiles', () => {
  it('needs an existing features directory', async () => {
    const dir = await tempDir();
    const run = importPandocFeatureFiles({ cwd: dir, files: [pvGuests], out: 'features', today: TODAY });
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(/No project\.yml in features; create the features directory first with `support-matrix import support-md/);
  });

  it('merges into the feature with the same title: the support statement wins, the document adds prose, components, since and known issues', async () => {
    const dir = await tempDir();
    const base = await importSupportMdFile({ cwd: dir, file: path.join(repoRoot, 'test/fixtures/support-md/SUPPORT.md'), out: 'features', today: TODAY });
    const errors = (diagnostics: Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.severity === 'error');
    // The fixture keeps one unmappable status on purpose (`Maybe someday` of guests/time-travel): the merge adds no error to it.
    expect(errors(base.diagnostics).map((d) => `${d.file} ${d.ruleName}`)).toEqual(['features/guests/time-travel.md unknown-status']);
    const file = path.join(dir, 'features/guests/pv-guests.md');
    const result = await importPandocFeatureFiles({ cwd: dir, files: [pvGuests], out: 'features', today: TODAY });
    expect(result.written).toEqual([]);
    expect(result.merged).toEqual(['features/guests/pv-guests.md']);
    expect(errors(result.diagnostics)).toEqual(errors(base.diagnostics));
    expect(await frontmatter(file)).toEqual({
      title: 'PV guests',
      section: 'Guests',
      order: 6,
      summary: 'Paravirtualised guests run a kernel that knows it is a Kestrel guest and asks the hypervisor for privileged operations instead of trapping.',
      status: 'Supported',
      'security-support': 'with-caveats',
      caveat: 'Only with the shadow-paging mitigation turned on.',
      components: ['hypervisor', 'toolstack', 'guest kernel'],
      since: '2.1',
      'known-issues': [{ summary: 'Ballooning below 128 MiB stalls the guest.' }, { summary: 'The event channel limit is 1024 per guest on 32-bit builds.' }],
    });
    const text = await readFile(file, 'utf8');
    expect(text).toContain('since: "2.1"');
    expect(text).toContain('## Overview\n\nParavirtualised guests run a kernel');
    expect(text).toContain('## History\n\n| Date | Revision | Version | Notes |');
    expect(text.endsWith('\n\nImported from SUPPORT.md line 49.\n\nImported from pv-guests.pandoc line 1.\n')).toBe(true);
    expect(result.notes.map((n) => `${path.basename(n.file)}:${n.line}:${n.column} ${n.kind} ${n.message}`)).toEqual([
      'pv-guests.pandoc:13:18 heuristic "Tech Preview/Experimental" read as Tech Preview, the first status of the list that the project has',
      'pv-guests.pandoc:40:1 heuristic `since: "2.1"` taken from the earliest History row (2021-03-02)',
      'pv-guests.pandoc:1:1 heuristic Merged into features/guests/pv-guests.md, which has its title "PV guests"; its status, arches, variants and sign-offs are kept',
      "pv-guests.pandoc:1:1 heuristic The document says x86: Supported, arm: Tech Preview; the feature file's support statement, Supported, is kept",
      'pv-guests.pandoc:1:1 heuristic Replaced the body of the feature file; its earlier prose ("Only with the shadow-paging mitigation turned on.") is not in the document — restore it from version control if it still applies',
    ]);

    // Importing again changes nothing: no duplicate components, known issues or trailers.
    const again = await importPandocFeatureFiles({ cwd: dir, files: [pvGuests], out: 'features', today: TODAY });
    expect(again.merged).toEqual(['features/guests/pv-guests.md']);
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(errors(again.diagnostics)).toEqual(errors(base.diagnostics));
  });

  it('writes new features, adds their section to project.yml and their Supported cells to the baseline', async () => {
    const dir = await tempDir();
    expect((await cli(['init', '--today', TODAY, '--name', 'Kestrel'], dir)).code).toBe(0);
    const result = await importPandocFeatureFiles({ cwd: dir, files: [pvGuests, cacheColouring], out: 'features', today: TODAY });
    expect(result.written).toEqual(['features/imported/pv-guests.md', 'features/imported/cache-colouring.md']);
    expect(result.merged).toEqual([]);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(await frontmatter(path.join(dir, 'features/imported/pv-guests.md'))).toMatchObject({ arches: { x86: { status: 'Supported' }, arm: { status: 'Tech Preview' } }, since: '2.1' });
    const project = parse(await readFile(path.join(dir, 'features/project.yml'), 'utf8')) as { sections: unknown[] };
    expect(project.sections.at(-1)).toBe('Imported');
    const baseline = parse(await readFile(path.join(dir, 'features/signoff-baseline.yml'), 'utf8')) as unknown;
    expect(baseline).toEqual({ exempt: [{ feature: 'imported/pv-guests', arch: 'x86', status: 'Supported' }] });
    const corpus = await loadCorpus('features', { cwd: dir });
    expect(corpus.features.map((f) => f.id)).toEqual(['general/example', 'imported/cache-colouring', 'imported/pv-guests']);
  });
});

describe('importing the real Xen feature documents', () => {
  const data = path.resolve(repoRoot, 'test/corpora/xen');
  const features = path.join(data, 'features');
  const names = ['sched_credit2', 'livepatch', 'dom0less'];

  it('finds the vendored Xen data', () => {
    for (const name of names) expect(existsSync(path.join(features, `${name}.pandoc`)), `expected ${name}.pandoc in ${features}`).toBe(true);
    expect(existsSync(path.join(data, 'SUPPORT-unstable.md')), `expected SUPPORT-unstable.md in ${data}`).toBe(true);
  });

  it('merges sched_credit2, livepatch and dom0less into an import of SUPPORT-unstable.md, and check finds no error', async () => {
    for (const name of names) if (!existsSync(path.join(features, `${name}.pandoc`))) throw new Error(`missing ${path.join(features, `${name}.pandoc`)}: the acceptance test needs the vendored Xen data in test/corpora/xen`);
    const dir = await tempDir();
    const base = await importSupportMdFile({ cwd: dir, file: path.join(data, 'SUPPORT-unstable.md'), out: 'features', today: TODAY });
    expect(base.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const result = await importPandocFeatureFiles({ cwd: dir, files: names.map((n) => path.join(features, `${n}.pandoc`)), out: 'features', today: TODAY });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.written).toEqual([]);
    expect(result.merged).toEqual(['features/resource-management/credit2-scheduler.md', 'features/security/live-patching.md', 'features/dom0less/dom0less.md']);
    expect(result.notes.filter((n) => n.kind === 'unmapped')).toEqual([]);

    const corpus = await loadCorpus('features', { cwd: dir });
    const byId = new Map(corpus.features.map((f) => [f.id, f]));
    // The support statement wins: SUPPORT.md says Experimental on ARM, the document Tech Preview.
    expect(byId.get('security/live-patching')?.data).toMatchObject({ arches: { x86: { status: 'Supported' }, arm: { status: 'Experimental' } }, components: ['hypervisor', 'toolstack'] });
    expect(byId.get('resource-management/credit2-scheduler')?.data).toMatchObject({ status: 'Supported', since: '4.8', components: ['hypervisor'], 'known-issues': [{ summary: expect.stringMatching(/^I\/O oriented benchmarks/) }] });
    expect(byId.get('resource-management/credit2-scheduler')?.body).toMatch(/## History\n\n\| Date \| Revision \| Version \| Notes \|/);
    expect(byId.get('dom0less/dom0less')?.data).toMatchObject({ arches: { arm: { status: 'Supported' } } });
    expect(byId.get('dom0less/dom0less')?.data.status).toBeUndefined();
    expect(byId.get('dom0less/dom0less')?.body).toMatch(/^## Booting Multiple Domains from Device Tree$/m);

    // The template itself converts without a crash.
    const template = importPandocFeature(await readFile(path.join(features, 'template.pandoc'), 'utf8'), { file: 'template.pandoc', statuses });
    expect(template.feature.data.title).toBe('Template for feature documents');
  });
});
