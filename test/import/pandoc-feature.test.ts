import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { UsageError } from '../../src/cli/errors.js';
import { importSupportMdFile } from '../../src/cli/commands/import.js';
import { archPatterns, importPandocFeatureFiles } from '../../src/cli/commands/import-pandoc.js';
import { importPandocFeature, type PandocFeature, type PandocFeatureOptions } from '../../src/import/pandoc-feature.js';
import type { ImportNote } from '../../src/import/support-md.js';
import { loadCorpus } from '../../src/load/corpus.js';
import type { Diagnostic, FeatureData } from '../../src/types.js';
import { cli, repoRoot } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

const fixtures = path.join(repoRoot, 'test/fixtures/pandoc-feature');
const pvGuests = path.join(fixtures, 'pv-guests.pandoc');
const cacheColouring = path.join(fixtures, 'cache-colouring.pandoc');
const statuses = ['Experimental', 'Tech Preview', 'Supported', 'Deprecated'];

/** The feature a document converts to; fails the test when the document is taken for the template. */
function convert(text: string, options: PandocFeatureOptions): { feature: PandocFeature; notes: ImportNote[] } {
  const result = importPandocFeature(text, options);
  if (result.feature === undefined) throw new Error(`expected a feature, got the template: ${result.template.message}`);
  return result;
}

/** The frontmatter of a written feature file, as YAML 1.2 reads it. */
async function frontmatter(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  return parse(text.split(/^---$/m)[1] ?? '');
}

describe('importPandocFeature', () => {
  it('reads the Basics table (a status per architecture), the History table and the Known issues bullets', async () => {
    const result = convert(await readFile(pvGuests, 'utf8'), { file: 'pv-guests.pandoc', statuses });
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

  it('reads setext headings; without a Basics table the default status is set, not stated on any arch, with notes', async () => {
    const result = convert(await readFile(cacheColouring, 'utf8'), { file: 'cache-colouring.pandoc', section: 'Host/Caches', statuses });
    expect(result.feature.id).toBe('host/cache-colouring');
    expect(result.feature.data).toEqual({
      title: 'Cache colouring',
      section: 'Host/Caches',
      summary: "Cache colouring gives each guest its own slice of the last-level cache, so that one guest cannot evict another's lines.",
      status: 'Experimental',
      arches: { x86: 'not-stated', arm: 'not-stated' },
      'known-issues': [{ summary: 'Colours cannot change while the guest runs.' }, { summary: 'Not available together with superpages.' }],
    });
    expect(result.notes.map((n) => `${n.line}:${n.column} ${n.kind}`)).toEqual(['1:1 heuristic', '1:1 not-stated']);
    expect(result.notes[0]?.message).toBe('No Status in Basics; set to Experimental — edit the imported file');
    expect(result.notes[1]?.message).toMatch(/^No `Architecture\(s\)` row names an arch: its cells read `not-stated` on x86, arm; /);
    const body = result.feature.body;
    expect(body.split('\n').filter((l) => l.startsWith('#'))).toEqual(['## Usage', '### Sizing', '## Known issues']);
    expect(body).not.toMatch(/^(=+|-{3,})$/m);
    expect(body).toContain('    llc_colors = "0-3"');
    expect(body.startsWith('Cache colouring gives each guest')).toBe(true);

    const tech = convert(await readFile(cacheColouring, 'utf8'), { file: 'cache-colouring.pandoc', statuses, defaultStatus: 'Tech Preview' });
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
    const result = convert(text, { file: 'frob.pandoc', statuses });
    expect(result.feature.data).toEqual({ title: 'Frobnicator', section: 'Imported', summary: 'Frobnicates.', status: 'Suported', arches: { x86: 'applies' } });
    expect(result.notes).toEqual([
      { line: 7, column: 18, kind: 'unmapped', message: 'Unexpected status `Suported` (did you mean `Supported`?), kept verbatim; edit the imported file' },
      { line: 9, column: 23, kind: 'unmapped', message: 'Unexpected architecture `sparc`; left out — add it to project.yml (or a word of it to `arch-words`) or edit the imported file' },
      { line: 11, column: 8, kind: 'unmapped', message: 'Basics row `Hardware` has no frontmatter field; kept in the body under "Basics"' },
    ]);
    expect(result.feature.body).toContain('## Basics\n\n- Hardware: Frobnication unit\n\n## Overview');
  });

  it('reads a vendor before an arch (`Intel x86`) as that arch, `all` as every arch, and `None` under Known issues as no known issue', () => {
    const doc = (arch: string, known: string): string =>
      ['% Frobnicator', '', '# Basics', '', '---------------- ---------------------------', '         Status: **Supported**', '', `Architecture(s): ${arch}`, '---------------- ---------------------------', '', '# Known issues', '', known, ''].join('\n');
    const intel = convert(doc('Intel x86', '* None'), { file: 'frob.pandoc', statuses });
    expect(intel.feature.data.arches).toEqual({ x86: 'applies' });
    expect(intel.feature.data['known-issues']).toBeUndefined();
    expect(intel.notes.filter((n) => n.kind === 'unmapped')).toEqual([]);
    expect(convert(doc('AMD x86 and ARM', 'None.'), { file: 'frob.pandoc', statuses }).feature.data.arches).toEqual({ x86: 'applies', arm: 'applies' });
    const all = convert(doc('all', '* The frobnicator leaks a page on reset.'), { file: 'frob.pandoc', statuses });
    expect(all.feature.data.arches).toEqual({ x86: 'applies', arm: 'applies' });
    expect(all.feature.data['known-issues']).toEqual([{ summary: 'The frobnicator leaks a page on reset.' }]);
  });

  it('takes the title from the file name when there is neither a title block nor a title heading', () => {
    const result = convert('# Overview\n\nDoes things.\n', { file: 'docs/odd_feature.pandoc', statuses });
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
      'pv-guests.pandoc:1:3 matched Merged into features/guests/pv-guests.md, matched by title "PV guests"; its status, arches, variants, caveats, known issues and sign-offs are kept',
      "pv-guests.pandoc:1:3 heuristic The document says x86: Supported, arm: Tech Preview; the feature file's support statement, Supported, is kept",
    ]);
    expect(result.matches).toEqual([{ file: pvGuests, target: 'features/guests/pv-guests.md', how: 'title', title: 'PV guests', targetTitle: 'PV guests' }]);

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

  it('merges sched_credit2, livepatch and dom0less into an import of SUPPORT-unstable.md, skips template.pandoc, and check finds no error', async () => {
    for (const name of [...names, 'template']) if (!existsSync(path.join(features, `${name}.pandoc`))) throw new Error(`missing ${path.join(features, `${name}.pandoc`)}: the acceptance test needs the vendored Xen data in test/corpora/xen`);
    const dir = await tempDir();
    const base = await importSupportMdFile({ cwd: dir, file: path.join(data, 'SUPPORT-unstable.md'), out: 'features', today: TODAY });
    expect(base.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const baseline = await readFile(path.join(dir, 'features/signoff-baseline.yml'), 'utf8');
    const template = path.join(features, 'template.pandoc');
    const result = await importPandocFeatureFiles({ cwd: dir, files: [...names.map((n) => path.join(features, `${n}.pandoc`)), template], out: 'features', today: TODAY });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.written).toEqual([]);
    expect(result.merged).toEqual(['features/resource-management/credit2-scheduler.md', 'features/security/live-patching.md', 'features/dom0less/dom0less.md']);
    expect(result.matches.map((m) => `${path.basename(m.file)} ${m.how}`)).toEqual(['sched_credit2.pandoc title', 'livepatch.pandoc title', 'dom0less.pandoc title']);
    expect(result.notes.filter((n) => n.kind === 'unmapped')).toEqual([]);
    // The template is no feature: skipped with its placeholders as the reason, and the baseline exempts nothing new.
    expect(result.skipped.map(({ file, reason, line, column }) => ({ file, reason, line, column }))).toEqual([{ file: template, reason: 'template', line: 1, column: 3 }]);
    expect(result.skipped[0]?.message).toMatch(/^Skipped: this is the feature-document template, not a feature \(placeholder title "Template for feature documents" at 1:3; placeholder revision `\$N` at 2:12; .*example `Status: e\.g\. /);
    expect(result.notes.filter((n) => n.file === template).map((n) => `${n.line}:${n.column} ${n.kind}`)).toEqual(['1:3 skipped']);
    expect(await readFile(path.join(dir, 'features/signoff-baseline.yml'), 'utf8')).toBe(baseline);

    const corpus = await loadCorpus('features', { cwd: dir });
    const byId = new Map(corpus.features.map((f) => [f.id, f]));
    // The support statement wins: SUPPORT.md says Experimental on ARM, the document Tech Preview.
    expect(byId.get('security/live-patching')?.data).toMatchObject({ arches: { x86: { status: 'Supported' }, arm: { status: 'Experimental' } }, components: ['hypervisor', 'toolstack'] });
    expect(byId.get('resource-management/credit2-scheduler')?.data).toMatchObject({ status: 'Supported', since: '4.8', components: ['hypervisor'], 'known-issues': [{ summary: expect.stringMatching(/^I\/O oriented benchmarks/) }] });
    expect(byId.get('resource-management/credit2-scheduler')?.body).toMatch(/## History\n\n\| Date \| Revision \| Version \| Notes \|/);
    expect(byId.get('dom0less/dom0less')?.data).toMatchObject({ arches: { arm: { status: 'Supported' } } });
    expect(byId.get('dom0less/dom0less')?.data.status).toBeUndefined();
    expect(byId.get('dom0less/dom0less')?.body).toMatch(/^## Booting Multiple Domains from Device Tree$/m);

    expect(corpus.features.filter((f) => /template/i.test(f.data.title))).toEqual([]);
    // The pure converter says so too, and makes no feature of it.
    const converted = importPandocFeature(await readFile(template, 'utf8'), { file: 'template.pandoc', statuses });
    expect(converted.feature).toBeUndefined();
    expect(converted.template?.placeholders.length).toBeGreaterThanOrEqual(4);
  });
});

describe('the template is recognised by its placeholders and never imported', () => {
  const blank = path.join(fixtures, 'blank-template.pandoc');

  it('reports the template with every placeholder and makes no feature of it, whatever the file is called', async () => {
    const text = await readFile(blank, 'utf8');
    for (const file of ['blank-template.pandoc', 'kestrel-feature.pandoc']) {
      const result = importPandocFeature(text, { file, statuses });
      expect(result.feature).toBeUndefined();
      expect(result.notes).toEqual([]);
      expect(result.template?.placeholders).toEqual([
        { line: 1, column: 3, what: 'placeholder title "Feature name"' },
        { line: 6, column: 38, what: 'template instructions "replace every placeholder"' },
        { line: 11, column: 18, what: 'example `Status: e.g. **Experimental**/**Supported**`' },
        { line: 13, column: 18, what: 'example `Architecture(s): e.g. x86, Arm`' },
        { line: 15, column: 18, what: 'example `Component(s): e.g. Hypervisor`' },
        { line: 17, column: 18, what: 'example `Hardware: _where applicable_`' },
        { line: 33, column: 1, what: 'placeholder `YYYY-MM-DD`' },
      ]);
      expect(result.template).toMatchObject({ line: 1, column: 3 });
    }
  });

  it('imports a real document named template.pandoc, and one with a single leftover placeholder, but never reads an example status as a statement', async () => {
    const real = importPandocFeature(await readFile(pvGuests, 'utf8'), { file: 'template.pandoc', statuses });
    expect(real.template).toBeUndefined();
    expect(real.feature?.data.title).toBe('PV guests');

    // One kind of placeholder only (the example Status row): a feature, but the example is no Supported status.
    const text = ['% Frobnicator', '% Revision 2', '', '# Basics', '', '---------------- ---------------------------', '         Status: e.g. **Supported**/**Experimental**', '---------------- ---------------------------', '', '# Overview', '', 'Frobnicates.', ''].join('\n');
    const leftover = importPandocFeature(text, { file: 'frob.pandoc', statuses });
    expect(leftover.template).toBeUndefined();
    expect(leftover.feature?.data).toMatchObject({ title: 'Frobnicator', status: 'Experimental', arches: { x86: 'not-stated', arm: 'not-stated' } });
    expect(leftover.notes).toContainEqual({ line: 7, column: 18, kind: 'unmapped', message: "Unexpected template example `Status: e.g. **Supported**/**Experimental**`, expected the document's own value; left out" });
  });

  it('import pandoc-feature skips the template, says why on the CLI, and writes and baselines nothing for it', async () => {
    const dir = await tempDir();
    expect((await cli(['init', '--today', TODAY, '--name', 'Kestrel'], dir)).code).toBe(0);
    const run = await cli(['import', 'pandoc-feature', blank, pvGuests, '--out', 'features', '--today', TODAY], dir);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Read 2 documents: 1 new feature files, 0 merged into existing ones, 1 skipped (1 the template); 3 notes');
    expect(run.stdout).toContain(`${blank}:1:3  skipped  Skipped: this is the feature-document template, not a feature (placeholder title "Feature name" at 1:3; template instructions "replace every placeholder" at 6:38; example \`Status: e.g. **Experimental**/**Supported**\` at 11:18 and 3 more; placeholder \`YYYY-MM-DD\` at 33:1); nothing imported — import a filled-in copy of it instead\n`);
    const corpus = await loadCorpus('features', { cwd: dir });
    expect(corpus.features.map((f) => f.data.title)).toEqual(['Example feature', 'PV guests'].filter((t) => corpus.features.some((f) => f.data.title === t)));
    expect(corpus.features.map((f) => f.id)).toEqual(['general/example', 'imported/pv-guests']);
    const baseline = parse(await readFile(path.join(dir, 'features/signoff-baseline.yml'), 'utf8')) as { exempt: Array<{ feature: string }> };
    expect(baseline.exempt.map((e) => e.feature)).toEqual(['imported/pv-guests']);
  });
});

describe('merging never removes a caveat or a known issue of the feature file', () => {
  const caveats = path.join(fixtures, 'caveats');

  /** A features directory made by `init`, with the caveats fixture's feature file in it. */
  async function project(): Promise<{ dir: string; file: string; before: string }> {
    const dir = await tempDir();
    expect((await cli(['init', '--today', TODAY, '--name', 'Kestrel'], dir)).code).toBe(0);
    const file = path.join(dir, 'features/general/credit2-scheduler.md');
    const before = await readFile(path.join(caveats, 'credit2-scheduler.md'), 'utf8');
    await writeFile(file, before);
    return { dir, file, before };
  }

  it('keeps the security caveats of the feature, its arch overrides and variants and its known issues; adds the document’s caveat and known issue, each with a note', async () => {
    const { dir, file, before } = await project();
    const doc = path.join(caveats, 'credit-2-scheduler.pandoc');
    const result = await importPandocFeatureFiles({ cwd: dir, files: [doc], out: 'features', today: TODAY });
    expect(result.written).toEqual([]);
    expect(result.merged).toEqual(['features/general/credit2-scheduler.md']);
    const was = (await frontmatter(path.join(caveats, 'credit2-scheduler.md'))) as Record<string, unknown>;
    const now = (await frontmatter(file)) as Record<string, unknown>;
    // The support statement and every caveat in it, exactly as they were.
    for (const key of ['status', 'security-support', 'caveat', 'arches', 'variants']) expect(now[key], key).toEqual(was[key]);
    expect(now['known-issues']).toEqual([
      { summary: 'A guest can hold the run-queue lock for too long under load.', advisory: 'CVE-2026-41000', effect: 'caveat' },
      { summary: 'Weights above 10000 are clamped without a warning.' },
      { summary: 'Soft affinity is ignored when a pool has one CPU.' },
      { summary: 'not on hosts with more than 8 sockets', effect: 'caveat', arches: ['x86'] },
    ]);
    const text = await readFile(file, 'utf8');
    // The earlier prose stays, below the document's.
    expect(text).toContain('Hosts that turn the shadow-paging mitigation off are outside security support.');
    expect(text).toContain('## Overview\n\nCredit 2 gives each vCPU a share of CPU time');
    expect(result.notes.map((n) => `${n.line}:${n.column} ${n.kind} ${n.message}`)).toEqual([
      '9:18 heuristic "Supported, not on hosts with more than 8 sockets" read as Supported with the caveat "not on hosts with more than 8 sockets"',
      '33:1 heuristic `since: "2.4"` taken from the earliest History row (2022-04-11)',
      '1:3 matched Merged into features/general/credit2-scheduler.md, matched by fuzzy title: "Credit 2 Scheduler" ~ "Credit2 scheduler"; its status, arches, variants, caveats, known issues and sign-offs are kept',
      '1:3 heuristic The document states the caveat "not on hosts with more than 8 sockets" on x86; the feature file\'s caveat there, "Only with the shadow-paging mitigation turned on.", is kept, and the document\'s is added as a known issue (`effect: caveat`)',
      '1:3 heuristic Kept the feature file\'s known issues "CVE-2026-41000: A guest can hold the run-queue lock for too long under load.", "Weights above 10000 are clamped without a warning."; the document does not list these',
      "1:3 heuristic The document says x86: Supported, arm: Tech Preview; the feature file's support statement, x86: Supported, arm: Supported, is kept",
      '1:3 heuristic Kept the feature file\'s earlier prose ("Credit2 shares CPU time between vCPUs by weight. Hosts that turn the shadow-p..."), which the document does not have, under "Earlier text of this feature" below the document\'s; merge the two by hand',
    ]);
    expect(before).not.toBe(text);

    // Importing again changes nothing.
    await importPandocFeatureFiles({ cwd: dir, files: [doc], out: 'features', today: TODAY });
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('keeps the known issues when the document says `None`, and says so', async () => {
    const { dir, file } = await project();
    const doc = path.join(dir, 'credit2.pandoc');
    await writeFile(doc, ['% Credit2 scheduler', '', '# Basics', '', '---------------- ---------------------------', '         Status: **Supported**', '', 'Architecture(s): x86, Arm', '---------------- ---------------------------', '', '# Known issues', '', 'None.', ''].join('\n'));
    const result = await importPandocFeatureFiles({ cwd: dir, files: [doc], out: 'features', today: TODAY });
    expect(result.matches.map((m) => m.how)).toEqual(['title']);
    expect(((await frontmatter(file)) as Record<string, unknown>)['known-issues']).toEqual([
      { summary: 'A guest can hold the run-queue lock for too long under load.', advisory: 'CVE-2026-41000', effect: 'caveat' },
      { summary: 'Weights above 10000 are clamped without a warning.' },
    ]);
    expect(result.notes.map((n) => n.message)).toContain(
      'Kept the feature file\'s known issues "CVE-2026-41000: A guest can hold the run-queue lock for too long under load.", "Weights above 10000 are clamped without a warning."; the document lists no known issues',
    );
  });
});

describe('matching a document to a feature file', () => {
  it('reports a fuzzy title that two features share and merges into neither, nor writes a new one', async () => {
    const dir = await tempDir();
    expect((await cli(['init', '--today', TODAY, '--name', 'Kestrel'], dir)).code).toBe(0);
    const one = path.join(dir, 'features/general/credit2.md');
    const two = path.join(dir, 'features/general/credit2-support.md');
    await writeFile(one, '---\ntitle: Credit2 scheduler\nsection: General\nstatus: Experimental\n---\n\nThe scheduler.\n');
    await writeFile(two, '---\ntitle: Credit 2 scheduler support\nsection: General\nstatus: Experimental\n---\n\nIts support.\n');
    const doc = path.join(fixtures, 'caveats/credit-2-scheduler.pandoc');
    const result = await importPandocFeatureFiles({ cwd: dir, files: [doc], out: 'features', today: TODAY });
    expect(result.merged).toEqual([]);
    expect(result.written).toEqual([]);
    expect(result.matches).toEqual([]);
    const message =
      'Not imported: "Credit 2 Scheduler" matches 2 features by fuzzy title, "Credit 2 scheduler support" (features/general/credit2-support.md), "Credit2 scheduler" (features/general/credit2.md), and none is preferred; add `aliases: [imported/credit-2-scheduler]` to the feature it belongs to (or give the document that feature\'s exact title), then import it again';
    expect(result.skipped).toEqual([{ file: doc, reason: 'ambiguous', line: 1, column: 3, message }]);
    expect(result.notes).toEqual([{ file: doc, line: 1, column: 3, kind: 'ambiguous', message }]);
    expect(await readFile(one, 'utf8')).toBe('---\ntitle: Credit2 scheduler\nsection: General\nstatus: Experimental\n---\n\nThe scheduler.\n');
    expect(await readFile(two, 'utf8')).toBe('---\ntitle: Credit 2 scheduler support\nsection: General\nstatus: Experimental\n---\n\nIts support.\n');

    // On the CLI: reported, and a finding (exit 1) until someone decides.
    const run = await cli(['import', 'pandoc-feature', doc, '--out', 'features', '--today', TODAY], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${doc}:1:3  ambiguous  ${message}\n`);

    // An alias decides it: the document merges by alias.
    await writeFile(one, '---\ntitle: Credit2 scheduler\nsection: General\nstatus: Experimental\naliases: [imported/credit-2-scheduler]\n---\n\nThe scheduler.\n');
    const decided = await importPandocFeatureFiles({ cwd: dir, files: [doc], out: 'features', today: TODAY });
    expect(decided.matches.map((m) => `${m.target} ${m.how}`)).toEqual(['features/general/credit2.md alias']);
  });
});

describe('arches of the Basics', () => {
  const doc = (...rows: string[]): string => ['% Frobnicator', '', '# Basics', '', '---------------- ---------------------------', ...rows, '---------------- ---------------------------', ''].join('\n');
  const archesOf = (text: string, options: Partial<PandocFeatureOptions> = {}): FeatureData['arches'] => convert(text, { file: 'frob.pandoc', statuses, ...options }).feature.data.arches;

  it.each([
    ['Intel x86', { x86: 'applies' }],
    ['AMD x86', { x86: 'applies' }],
    ['all', { x86: 'applies', arm: 'applies' }],
    ['All architectures', { x86: 'applies', arm: 'applies' }],
    ['all arches', { x86: 'applies', arm: 'applies' }],
    ['all supported architectures', { x86: 'applies', arm: 'applies' }],
    ['x86 and ARM', { x86: 'applies', arm: 'applies' }],
    ['x86, Arm', { x86: 'applies', arm: 'applies' }],
    ['x86/Arm', { x86: 'applies', arm: 'applies' }],
    ['x86 & Arm64', { x86: 'applies', arm: 'applies' }],
    ['both x86_64 and AArch64', { x86: 'applies', arm: 'applies' }],
    ['Arm64', { arm: 'applies' }],
    ['Arm (32 and 64 bit)', { arm: 'applies' }],
    ['**x86**', { x86: 'applies' }],
  ])('`Architecture(s): %s` names %o and nothing else', (words, expected) => {
    expect(archesOf(doc('         Status: **Supported**', '', `Architecture(s): ${words}`))).toEqual(expected);
  });

  it('reads a vendor or IP word through the arch-word table, the project’s own when it has one, with a note', () => {
    const text = doc('         Status: **Supported**', '', 'Architecture(s): Intel VT-d');
    const result = convert(text, { file: 'frob.pandoc', statuses });
    expect(result.feature.data.arches).toEqual({ x86: 'applies' });
    expect(result.notes).toEqual([{ line: 8, column: 18, kind: 'arch-word', message: '"Intel VT-d" read as x86, by the arch-word table ("Intel VT-d" → x86; `arch-words` in project.yml)' }]);
    expect(archesOf(doc('         Status: **Supported**', '', 'Architecture(s): Hexagon'), { archWords: [{ word: 'Hexagon', arch: 'arm' }] })).toEqual({ arm: 'applies' });
    // With the table turned off (`arch-words: []`), the word names no arch: the status is not stated on any.
    expect(archesOf(text, { archWords: [] })).toEqual({ x86: 'not-stated', arm: 'not-stated' });
  });

  it('prefers a project arch of the exact name: `Arm64` is a project’s arm64, not its arm', () => {
    const arches = archPatterns([
      { id: 'x86', name: 'x86' },
      { id: 'arm', name: 'Arm' },
      { id: 'arm64', name: 'Arm64' },
    ]);
    expect(archesOf(doc('         Status: **Supported**', '', 'Architecture(s): Arm64'), { arches })).toEqual({ arm64: 'applies' });
    expect(archesOf(doc('         Status: **Supported**', '', 'Architecture(s): Arm, x86'), { arches })).toEqual({ x86: 'applies', arm: 'applies' });
  });

  it('never states a status on an arch no row names: a status naming no arch is `not-stated` there, with a note', () => {
    const none = convert(doc('         Status: **Supported**', '', '      Component: Hypervisor'), { file: 'frob.pandoc', statuses });
    expect(none.feature.data).toMatchObject({ status: 'Supported', arches: { x86: 'not-stated', arm: 'not-stated' } });
    expect(none.notes).toEqual([
      { line: 6, column: 18, kind: 'not-stated', message: 'Status `Supported` names no arch: its cells read `not-stated` on x86, arm; state the arches in the imported file (rule arch-not-stated), or add an `Architecture(s)` row to the document and import again' },
    ]);
    // A status for the feature and one for Arm: x86 is not stated, never given the feature's status as if the document named it.
    const mixed = convert(doc('         Status: **Supported**', '', '         Status: **Tech Preview**', '', 'Architecture(s): Arm'), { file: 'frob.pandoc', statuses });
    expect(mixed.feature.data).toMatchObject({ status: 'Supported', arches: { x86: 'not-stated', arm: { status: 'Tech Preview' } } });
    // An unknown arch, or `N/A`, names nothing: not stated either.
    expect(archesOf(doc('         Status: **Supported**', '', 'Architecture(s): sparc'))).toEqual({ x86: 'not-stated', arm: 'not-stated' });
    expect(archesOf(doc('         Status: **Supported**', '', 'Architecture(s): N/A'))).toEqual({ x86: 'not-stated', arm: 'not-stated' });
    // An arch named without a status applies with no status, never with another arch's.
    expect(archesOf(doc('   Architecture: x86', '', '         Status: **Supported**', '', '   Architecture: Arm'))).toEqual({ x86: { status: 'Supported' }, arm: 'applies' });
  });

  it('pairs each `Architecture` with the `Status` below it when the Basics start with an arch', () => {
    expect(archesOf(doc('   Architecture: x86', '', '         Status: **Supported**', '', '   Architecture: Arm', '', '         Status: **Experimental**'))).toEqual({ x86: { status: 'Supported' }, arm: { status: 'Experimental' } });
  });

  it('takes the arch from the title or the Hardware row when the Basics name none', () => {
    const titled = convert(['% x86: Shadow paging', '', '# Basics', '', '---------------- ---------------------------', '         Status: **Supported**', '---------------- ---------------------------', ''].join('\n'), { file: 'shadow.pandoc', statuses });
    expect(titled.feature.data).toMatchObject({ status: 'Supported', arches: { x86: 'applies' } });
    expect(titled.notes.map((n) => n.kind)).toEqual(['heuristic']);
    const hardware = convert(doc('         Status: **Supported**', '', '       Hardware: An AMD-Vi IOMMU'), { file: 'frob.pandoc', statuses });
    expect(hardware.feature.data.arches).toEqual({ x86: 'applies' });
    expect(hardware.notes).toEqual([
      { line: 8, column: 8, kind: 'unmapped', message: 'Basics row `Hardware` has no frontmatter field; kept in the body under "Basics"' },
      { line: 8, column: 18, kind: 'arch-word', message: '"An AMD-Vi IOMMU" read as x86 only, by the arch-word table ("AMD-Vi" → x86; `arch-words` in project.yml)' },
    ]);
  });
});

describe('Known issues that say there are none', () => {
  const doc = (known: string): string => ['% Frobnicator', '', '# Overview', '', 'Frobnicates.', '', '# Known issues', '', known, ''].join('\n');

  it.each(['None', 'None.', 'none.', '* None', '- none.', '*None*', 'N/A', '* N/A', 'n/a.', '-', '* -', '—', 'None known.', 'No known issues.', 'There are no known issues.', 'Nothing known.'])('`%s` is no known issue', (known) => {
    const result = convert(doc(known), { file: 'frob.pandoc', statuses });
    expect(result.feature.data['known-issues']).toBeUndefined();
  });

  it('a paragraph that is not `None` is a known issue, with a note; bullets are one issue each', () => {
    const prose = convert(doc('The frobnicator leaks a page\non every reset.'), { file: 'frob.pandoc', statuses });
    expect(prose.feature.data['known-issues']).toEqual([{ summary: 'The frobnicator leaks a page on every reset.' }]);
    expect(prose.notes.filter((n) => n.line === 9)).toEqual([{ line: 9, column: 1, kind: 'heuristic', message: 'Known issues paragraph read as a known issue: "The frobnicator leaks a page on every reset."' }]);
    const listed = convert(doc('* None on x86.\n* Leaks on Arm.'), { file: 'frob.pandoc', statuses });
    expect(listed.feature.data['known-issues']).toEqual([{ summary: 'None on x86.' }, { summary: 'Leaks on Arm.' }]);
  });
});
