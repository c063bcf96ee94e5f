import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { sortDiagnostics } from '../../src/diagnostics.js';
import { lint } from '../../src/lint/engine.js';
import type { Rule } from '../../src/lint/rule.js';
import { loadFeature } from '../../src/load/corpus.js';
import { toProject, toRoster } from '../../src/load/project.js';
import { parseSource } from '../../src/load/source.js';
import type { Baseline, BaselineEntry, Diagnostic, Feature, Project, Roster } from '../../src/types.js';
import { sealFeature } from './seal.js';

/** Today's date in every test, so results never depend on the clock. */
export const TODAY = '2026-06-01';

/** A small project.yml used by rule tests unless a case gives its own. */
export const baseProject = `name: Test Hypervisor
repository: https://git.example.org/test
architectures:
  - id: x86
  - id: arm
statuses:
  - name: Experimental
    security-supported: false
  - name: Tech Preview
    security-supported: false
  - name: Supported
    security-supported: true
  - name: Deprecated
    security-supported: true
  - name: Obsolete
    security-supported: false
sections:
  - Guest types
  - Host hardware/IOMMU
  - Toolstack
security-organisations:
  - id: qemu
    name: QEMU
advisories:
  - prefix: XSA
policy:
  review-after-days: 365
`;

/** A roster used by rule tests unless a case gives its own. */
export const baseRoster = `members:
  - id: alice
    name: Alice Example
    active-from: 2020-01-01
  - id: bob
    name: Bob Example
    active-from: 2020-01-01
    active-until: 2023-12-31
`;

/** Files of a test corpus: paths under features/ → content. */
export type Files = Record<string, string>;

/** An in-memory corpus built with the real loader. */
export interface TestCorpus {
  project: Project;
  roster: Roster;
  features: Feature[];
  diagnostics: Diagnostic[];
  baseline?: Baseline;
}

/**
 * Loads feature files (and optional project.yml / security-team.yml) from
 * strings. Sign-offs get the claim `support-matrix signoff` would write
 * (see helpers/seal.ts) unless `options.seal` is false.
 */
export function corpusOf(files: Files, options: { seal?: boolean } = {}): TestCorpus {
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
  const projectSource = parseSource('project', 'features/project.yml', bytes(files['project.yml'] ?? baseProject));
  if (projectSource.value === undefined) throw new Error(`bad test project.yml: ${JSON.stringify(projectSource.diagnostics)}`);
  const rosterSource = parseSource('security-team', 'features/security-team.yml', bytes(files['security-team.yml'] ?? baseRoster));
  if (rosterSource.value === undefined) throw new Error(`bad test roster: ${JSON.stringify(rosterSource.diagnostics)}`);
  const project = toProject(projectSource.value, 'features/project.yml', projectSource.map);
  const roster = toRoster(rosterSource.value, 'features/security-team.yml', rosterSource.map);
  const features: Feature[] = [];
  const diagnostics: Diagnostic[] = [];
  let baseline: Baseline | undefined;
  if (files['signoff-baseline.yml'] !== undefined) {
    const source = parseSource('baseline', 'features/signoff-baseline.yml', bytes(files['signoff-baseline.yml']));
    if (source.value === undefined) throw new Error(`bad test baseline: ${JSON.stringify(source.diagnostics)}`);
    baseline = { file: 'features/signoff-baseline.yml', map: source.map, exempt: (source.value as { exempt: BaselineEntry[] }).exempt };
  }
  for (const [rel, written] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!rel.endsWith('.md')) continue;
    const loaded = loadFeature(`features/${rel}`, rel, bytes(written));
    if (loaded.feature && options.seal !== false) sealFeature(loaded.feature, project);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.feature) features.push(loaded.feature);
  }
  return { project, roster, features, diagnostics, ...(baseline ? { baseline } : {}) };
}

/** Loads and lints a corpus of strings with every rule (or `rules`); sign-offs sealed unless `options.seal` is false. */
export function lintFiles(files: Files, rules?: readonly Rule[], options: { seal?: boolean } = {}): Diagnostic[] {
  const corpus = corpusOf(files, options);
  const found = lint(corpus, rules ? { today: TODAY, rules } : { today: TODAY });
  return sortDiagnostics([...corpus.diagnostics, ...found]);
}

/** Short form of a diagnostic for assertions: where, which rule, which message. */
export function brief(d: Diagnostic): { file: string; line: number; column: number; rule: string; messageId: string } {
  return { file: d.file, line: d.line, column: d.column, rule: d.ruleName, messageId: d.messageId };
}

const created: string[] = [];

// Registered when a test file imports this module, so it is a file-level
// hook; hooks registered from inside a test or beforeAll are ignored.
afterAll(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A temporary directory, removed when the test file ends. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'support-matrix-'));
  created.push(dir);
  return dir;
}
