// Property-based tests (fast-check) over generated corpora. The number of
// generated cases per property is in PROPERTY_RUNS and in README, "Security".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { yaml as toYaml } from '../src/cli/commands/import.js';
import { exportDocument } from '../src/export/document.js';
import { toJson } from '../src/export/json.js';
import { toSupportMd } from '../src/export/support-md.js';
import { importSupportMd } from '../src/import/support-md.js';
import { lint } from '../src/lint/engine.js';
import { unsignedCells } from '../src/model/resolve.js';
import type { Diagnostic } from '../src/types.js';
import { repoRoot } from './helpers/cli.js';
import { baseProject, baseRoster, corpusOf, TODAY, type Files } from './helpers/corpus.js';

/** Generated cases per property. */
export const PROPERTY_RUNS = { signoffRule: 400, noCrash: 2000, exportSchema: 300, roundTrip: 300 } as const;

const STATUSES = ['Experimental', 'Tech Preview', 'Supported', 'Deprecated', 'Obsolete'] as const;
const ARCHES = ['x86', 'arm'] as const;
const WORDS = ['grant', 'balloon', 'vcpu', 'iommu', 'console', 'timer', 'migration', 'snapshot', 'ring', 'pool'];

type Data = Record<string, unknown>;

function check(files: Files): Diagnostic[] {
  const corpus = corpusOf(files);
  return [...corpus.diagnostics, ...lint(corpus, { today: TODAY })];
}

const errors = (found: Diagnostic[]): Diagnostic[] => found.filter((d) => d.severity === 'error');

// ---------------------------------------------------------------------------
// Generated corpora: statuses on the feature, per arch and per variant, arch
// states, security-support overrides, renamed ids and aliases.

const status = fc.constantFrom(...STATUSES);
const security = fc.constantFrom('yes', 'no');
const override = fc.record({ status, 'security-support': security }, { requiredKeys: ['status'] });
const archEntry = fc.oneof(fc.constantFrom('applies', 'not-applicable', 'not-implemented', 'unknown'), override);
const archMap = fc.record({ x86: archEntry, arm: archEntry }, { requiredKeys: [] });
const variant = fc.record(
  { status, 'security-support': security, arches: fc.oneof(fc.subarray([...ARCHES], { minLength: 1 }), archMap) },
  { requiredKeys: [] },
);
const title = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));

const feature = fc.record(
  {
    title,
    status,
    'security-support': fc.option(security, { nil: undefined }),
    arches: fc.option(archMap, { nil: undefined }),
    variants: fc.array(variant, { maxLength: 2 }),
    renamed: fc.boolean(),
    aliased: fc.boolean(),
  },
  { requiredKeys: ['title', 'status', 'variants', 'renamed', 'aliased'] },
);

const corpus = fc.record({ features: fc.array(feature, { minLength: 1, maxLength: 4 }), whenSecuritySupported: fc.boolean() });

type GeneratedCorpus = typeof corpus extends fc.Arbitrary<infer T> ? T : never;

/** Feature data objects, by path, for a generated corpus. */
function featureData(generated: GeneratedCorpus): Map<string, Data> {
  const out = new Map<string, Data>();
  generated.features.forEach((f, i) => {
    const data: Data = { title: `${f.title} ${i}`, section: 'Guest types', status: f.status };
    if (f.renamed) data['id'] = `renamed-${i}`;
    if (f.aliased) data['aliases'] = [`old-name-${i}`];
    if (f['security-support'] !== undefined) data['security-support'] = f['security-support'];
    if (f.arches !== undefined) data['arches'] = f.arches;
    if (f.variants.length > 0) data['variants'] = f.variants.map((v, j) => ({ name: `Variant ${j}`, id: `v${j}`, ...v }));
    // Keeps `upgrade-blockers` quiet: its warnings are not what is tested here.
    data['known-issues'] = [{ summary: 'Not reviewed yet.' }];
    out.set(`f${i}.md`, data);
  });
  return out;
}

function filesOf(generated: GeneratedCorpus, data: Map<string, Data>): Files {
  const project = baseProject.replace('policy:\n', `policy:\n  signoff-required-when-security-supported: ${generated.whenSecuritySupported}\n`);
  const files: Files = { 'project.yml': project };
  for (const [file, d] of data) files[file] = `---\n${stringify(d)}---\n\nText.\n`;
  return files;
}

const NEEDED = /^`([^`]+)`.* signs it with `support-matrix signoff \S+(?: --variant (\S+))?(?: --status (?:'[^']*'|\S+))? --ref <review URL>`$/;

/** The sign-offs the findings ask for, by file, taken from the messages a submitter reads. */
function neededSignoffs(found: Diagnostic[]): Map<string, Data[]> {
  const out = new Map<string, Data[]>();
  for (const d of found) {
    if (d.ruleName !== 'supported-requires-signoff' || d.messageId === 'no-cell') continue;
    const match = NEEDED.exec(d.message);
    if (!match) throw new Error(`no sign-off template in: ${d.message}`);
    const signoff: Data = { by: 'alice', date: '2026-05-01', status: match[1] };
    if (match[2] !== undefined) signoff['variant'] = match[2];
    signoff['ref'] = 'https://lists.example.org/security/review';
    const file = d.file.replace(/^features\//, '');
    const list = out.get(file) ?? [];
    if (!list.some((s) => JSON.stringify(s) === JSON.stringify(signoff))) list.push(signoff);
    out.set(file, list);
  }
  return out;
}

describe('the sign-off rule, on generated corpora', () => {
  it('fails check for every unsigned cell that needs a sign-off; exactly the missing sign-offs make it pass; each of them is needed', () => {
    let signed = 0;
    fc.assert(
      fc.property(corpus, (generated) => {
        const data = featureData(generated);
        const before = check(filesOf(generated, data));
        // Nothing but the sign-off rule fails an unsigned corpus.
        expect(errors(before).filter((d) => d.ruleName !== 'supported-requires-signoff')).toEqual([]);
        // A status needing a sign-off that reaches no cell cannot be signed: the rule reports it on its own.
        fc.pre(!before.some((d) => d.messageId === 'no-cell'));

        // Soundness, stated without the cell model: any file holding a
        // Supported status anywhere (or, under the policy, any security-
        // supported status) fails.
        for (const [file, d] of data) {
          const text = JSON.stringify(d);
          const supported = text.includes('"status":"Supported"');
          const flagged = errors(before).some((x) => x.file === `features/${file}`);
          if (supported) expect(flagged, `${file} holds Supported and passed`).toBe(true);
        }

        const needed = neededSignoffs(before);
        for (const [file, list] of needed) data.set(file, { ...(data.get(file) ?? {}), signoffs: list });
        const after = check(filesOf(generated, data));
        expect(errors(after)).toEqual([]);
        if (needed.size > 0) signed++;

        // Minimal: dropping any one of the added sign-offs fails again.
        for (const [file, list] of needed) {
          list.forEach((_, k) => {
            const without = new Map(data);
            without.set(file, { ...(data.get(file) ?? {}), signoffs: list.filter((__, j) => j !== k) });
            expect(errors(check(filesOf(generated, without))).some((d) => d.ruleName === 'supported-requires-signoff' && d.file === `features/${file}`)).toBe(true);
          });
        }
      }),
      { numRuns: PROPERTY_RUNS.signoffRule, seed: 7 },
    );
    // Not vacuous: most generated corpora needed sign-offs.
    expect(signed).toBeGreaterThan(PROPERTY_RUNS.signoffRule / 2);
  });
});

// ---------------------------------------------------------------------------
// Arbitrary frontmatter: never an exception, always findings inside the file.

const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('status', 'arches', 'variants', 'signoffs', '__proto__', 'constructor', 'x86', '<<', '? a', '- b', 'id'));
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.integer(),
    fc.bigInt().map((n) => n * 10n ** 30n),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('Supported', 'Ѕupported', 'Supported\u200b', '2026-02-30', '*alias', '&anchor x', '!!binary aGk=', '<<'),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(key, tie('v'), { maxKeys: 4 }),
  ),
})).v;

const nested = fc.nat({ max: 300 }).map((depth) => `status: ${'['.repeat(depth)}Supported${']'.repeat(depth)}\n`);
const structured = fc.dictionary(key, value, { maxKeys: 6 }).map((d) => {
  try {
    return stringify(d);
  } catch {
    return 'title: x\n';
  }
});
const raw = fc.string({ unit: 'binary', maxLength: 200 });
const frontmatter = fc.oneof(structured, raw, nested, fc.tuple(structured, raw).map(([a, b]) => a + b));

describe('arbitrary frontmatter', () => {
  it('never throws: check gives a result, and every finding is at a place inside the file', () => {
    fc.assert(
      fc.property(frontmatter, fc.constantFrom('', '\n', '\r\n'), (yamlText, ending) => {
        const text = `---${ending || '\n'}${yamlText}\n---\n\nBody.\n`;
        const lines = text.split('\n').length;
        const found = check({ 'f.md': text });
        for (const d of found) {
          if (d.file !== 'features/f.md') continue;
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(lines);
          expect(d.column).toBeGreaterThanOrEqual(1);
          expect(d.message).not.toMatch(/\n\s+at /);
        }
        // The loader never lets a key reach Object.prototype.
        expect(({} as Data)['status']).toBeUndefined();
      }),
      { numRuns: PROPERTY_RUNS.noCrash, seed: 11 },
    );
  });
});

// ---------------------------------------------------------------------------
// Exports of generated corpora.

const exportSchema = JSON.parse(readFileSync(path.join(repoRoot, 'schema/export.schema.json'), 'utf8')) as object;
const validateExport = new Ajv2020({ allErrors: true, strict: false }).compile(exportSchema);

/** A generated corpus with every needed sign-off added: one that passes check. */
function signedCorpus(generated: GeneratedCorpus): Files {
  const data = featureData(generated);
  for (const [file, list] of neededSignoffs(check(filesOf(generated, data)))) data.set(file, { ...(data.get(file) ?? {}), signoffs: list });
  return filesOf(generated, data);
}

// ---------------------------------------------------------------------------
// Round trip of any project: generated arch sets (names that are not ids, a
// third arch, arches no default knows), status vocabularies and advisory
// prefixes.

const ARCH_SETS: Array<Array<{ id: string; name: string }>> = [
  [{ id: 'x86', name: 'x86' }, { id: 'arm', name: 'Arm' }],
  [{ id: 'x86', name: 'x86-64' }, { id: 'arm', name: 'Arm' }, { id: 'riscv', name: 'RISC-V' }],
  [{ id: 'ppc64', name: 'POWER' }, { id: 's390x', name: 'IBM Z' }],
];
/** Vocabularies; the last status of each is never given to a generated feature: the policy's one status that needs a sign-off. */
const VOCABULARIES: Array<Array<{ name: string; 'security-supported': boolean }>> = [
  STATUSES.map((name) => ({ name, 'security-supported': name === 'Supported' || name === 'Deprecated' })),
  [{ name: 'Alpha', 'security-supported': false }, { name: 'Beta', 'security-supported': false }, { name: 'Stable', 'security-supported': true }, { name: 'Withdrawn', 'security-supported': false }],
];

const anyProject = fc
  .record({ arches: fc.constantFrom(...ARCH_SETS), vocabulary: fc.constantFrom(...VOCABULARIES), prefix: fc.constantFrom('XSA', 'KSA', 'QEMUSA') })
  .chain((p) => {
    const ids = p.arches.map((a) => a.id);
    const name = fc.constantFrom(...p.vocabulary.slice(0, -1).map((v) => v.name));
    const entry = fc.oneof(fc.constantFrom('applies', 'not-applicable', 'not-implemented'), fc.record({ status: name, 'security-support': security }, { requiredKeys: ['status'] }));
    const arches = fc.record(Object.fromEntries(ids.map((id) => [id, entry])), { requiredKeys: [] });
    // The feature's own arches may also be stated without an arch (`not-stated`, as an import of a qualifier naming none writes).
    const featureEntry = fc.oneof(entry, fc.constant('not-stated'));
    const featureArches = fc.record(Object.fromEntries(ids.map((id) => [id, featureEntry])), { requiredKeys: [] });
    const variants = fc.array(fc.record({ status: name, arches: fc.oneof(fc.subarray(ids, { minLength: 1 }), arches) }, { requiredKeys: [] }), { maxLength: 2 });
    const features = fc.array(fc.record({ title, status: name, arches: fc.option(featureArches, { nil: undefined }), variants, advisory: fc.boolean() }), { minLength: 1, maxLength: 4 });
    return features.map((list) => ({ ...p, features: list }));
  });

/** A project and its features as files: sign-offs needed only for a status no feature has, so the export has no "not signed off" labels to drop. */
function anyProjectFiles(p: typeof anyProject extends fc.Arbitrary<infer T> ? T : never): Files {
  const project = {
    name: 'Any Project',
    architectures: p.arches,
    statuses: p.vocabulary,
    sections: ['Guest types'],
    advisories: [{ prefix: p.prefix }],
    policy: { 'signoff-required-for': [p.vocabulary.at(-1)?.name], 'signoff-required-when-security-supported': false, 'blockers-expected-for': [] },
  };
  const files: Files = { 'project.yml': stringify(project), 'security-team.yml': baseRoster };
  p.features.forEach((f, i) => {
    const data: Data = { title: `${f.title} ${i}`, section: 'Guest types', status: f.status };
    if (f.arches !== undefined) data['arches'] = f.arches;
    if (f.variants.length > 0) data['variants'] = f.variants.map((v, j) => ({ name: `Variant ${j}`, id: `v${j}`, ...v }));
    data['known-issues'] = [f.advisory ? { summary: 'A hole.', advisory: `${p.prefix}-${i + 1}` } : { summary: 'Not reviewed yet.' }];
    files[`f${i}.md`] = `---\n${stringify(data)}---\n\nText.\n`;
  });
  return files;
}

describe('exports of generated corpora', () => {
  it('export → import (support-md) → export gives the same SUPPORT.md for any arch set, vocabulary and advisory prefix, and the import passes check', () => {
    fc.assert(
      fc.property(anyProject, (generated) => {
        const source = corpusOf(anyProjectFiles(generated));
        expect(errors([...source.diagnostics, ...lint(source, { today: TODAY })])).toEqual([]);
        const first = toSupportMd(exportDocument(source, TODAY));
        const imported = importSupportMd(first, { file: 'SUPPORT.md' });
        // Every arch of the project comes back as an arch, with its name; never as a variant.
        expect(imported.project['architectures']).toEqual(generated.arches);
        const files: Files = { 'project.yml': toYaml(imported.project) };
        for (const f of imported.features) files[f.path] = `---\n${toYaml(f.data)}---\n\n${f.body}`;
        const loaded = corpusOf(files);
        files['signoff-baseline.yml'] = toYaml({ exempt: unsignedCells(loaded.features, loaded.project, loaded.roster, TODAY) });
        const again = corpusOf(files);
        expect(errors([...again.diagnostics, ...lint(again, { today: TODAY })])).toEqual([]);
        expect(toSupportMd(exportDocument(again, TODAY))).toBe(first);
      }),
      { numRuns: PROPERTY_RUNS.roundTrip, seed: 23 },
    );
  });

  it('the JSON export always validates against schema/export.schema.json', () => {
    fc.assert(
      fc.property(corpus, (generated) => {
        const loaded = corpusOf(signedCorpus(generated));
        const document = JSON.parse(toJson(exportDocument(loaded, TODAY))) as unknown;
        expect(validateExport(document), JSON.stringify(validateExport.errors)).toBe(true);
      }),
      { numRuns: PROPERTY_RUNS.exportSchema, seed: 13 },
    );
  });

  it('export → import (support-md) → export gives the same SUPPORT.md', () => {
    fc.assert(
      fc.property(corpus, (generated) => {
        const first = toSupportMd(exportDocument(corpusOf(signedCorpus(generated)), TODAY));
        const imported = importSupportMd(first, { file: 'SUPPORT.md' });
        const files: Files = { 'project.yml': toYaml(imported.project) };
        for (const f of imported.features) files[f.path] = `---\n${toYaml(f.data)}---\n\n${f.body}`;
        // As `import` does: the imported statement has no sign-offs, so its baseline exempts every cell that needs one.
        const loaded = corpusOf(files);
        files['signoff-baseline.yml'] = toYaml({ exempt: unsignedCells(loaded.features, loaded.project, loaded.roster, TODAY) });
        const again = toSupportMd(exportDocument(corpusOf(files), TODAY));
        expect(again).toBe(first);
      }),
      { numRuns: PROPERTY_RUNS.roundTrip, seed: 17 },
    );
  });
});
