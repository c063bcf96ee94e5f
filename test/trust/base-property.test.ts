// Property: under `check --base`, a patch passes only if every cell of the
// head that needs a sign-off (by the base's policy and vocabulary) is covered
// by a sign-off the base's team really made over that cell as it reads now —
// whatever else the patch changes in the roster, keys, policy, vocabulary,
// rules, baseline or sign-off entries. "Really made" is known to the
// generator, not recomputed by the code under test: it holds the only
// private key of the base's active member, and records what each signature
// it makes attests. Without required signatures, the claim is what binds:
// the sign-off must be by a member active in the base's roster, with a
// claim for the cell as it reads.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { judgedByBase, type BaseSide } from '../../src/cli/commands/check.js';
import { lint } from '../../src/lint/engine.js';
import { resolveCells } from '../../src/model/cells.js';
import { cellDigest, claimCell, claimNow, SIGNATURE_NAMESPACE } from '../../src/model/claims.js';
import { requiresSignoff } from '../../src/model/signoffs.js';
import { ed25519FromSeed, signEd25519 } from '../../src/signature/sshsig.js';
import type { Feature, Project } from '../../src/types.js';
import { baseProject, corpusOf, TODAY, type Files } from '../helpers/corpus.js';

/** Generated patches per run (documented in README, "Security"). */
export const GOVERNANCE_PROPERTY_RUNS = 300;

const ALICE = ed25519FromSeed(Buffer.alloc(32, 1), 'alice');
const MALLORY = ed25519FromSeed(Buffer.alloc(32, 9), 'mallory');
const STATUSES = ['Experimental', 'Tech Preview', 'Supported'] as const;
const ARCHES = ['x86', 'arm'] as const;
const SIGNED_ON = '2025-01-10';

type Data = Record<string, unknown> & { signoffs?: Array<Record<string, unknown>> };

/** What each signature made with alice's key attests: feature, row, arch → cell digest. */
type Attested = Map<string, Map<string, string>>;

function rosterText(extra: string): string {
  return `members:
  - id: alice
    name: Alice
    active-from: 2020-01-01
    keys: ["${ALICE.publicLine}"]
  - id: bob
    name: Bob
    active-from: 2020-01-01
    active-until: 2023-12-31
${extra}`;
}

function projectText(requireSigned: boolean, policyExtra = '', statusesExtra = '', rules = ''): string {
  return baseProject
    .replace('  - name: Obsolete\n    security-supported: false\n', `  - name: Obsolete\n    security-supported: false\n${statusesExtra}`)
    .replace('policy:\n', `policy:\n  require-signed-signoffs: ${requireSigned}\n${policyExtra}`)
    .concat(rules);
}

function fileOf(data: Data): string {
  return `---\n${stringify(data)}---\n\nText.\n`;
}

/** The base's project.yml of the case being generated: the generator signs with its arches and vocabulary. */
let sharedProjectText = '';

function loadOne(id: string, data: Data): Feature {
  const corpus = corpusOf({ 'project.yml': sharedProjectText, [`${id}.md`]: fileOf(data) }, { seal: false });
  const feature = corpus.features[0];
  if (!feature) throw new Error(`generated feature does not load: ${JSON.stringify(corpus.diagnostics)}`);
  return feature;
}

/** A sign-off entry for `variant`'s row made as `support-matrix signoff` makes it, signed with `key` (or not). */
function sign(id: string, data: Data, project: Project, by: string, key: typeof ALICE | undefined, attested: Attested, variant?: string): Record<string, unknown> | undefined {
  const feature = loadOne(id, data);
  const cells = resolveCells(feature, project);
  const entry = { by, date: SIGNED_ON, status: 'Supported', ref: `https://review.example/${by}`, ...(variant !== undefined ? { variant } : {}) };
  const claim = claimNow(entry, feature, cells);
  if (!claim) return undefined;
  const out: Record<string, unknown> = { ...entry, claim: claim.stored };
  if (key) {
    const signature = signEd25519(key.privateKey, claim.text, SIGNATURE_NAMESPACE);
    out['signature'] = signature;
    if (key === ALICE) attested.set(signature.replace(/\s+/g, ''), new Map(Object.entries(claim.stored.cells).map(([arch, digest]) => [`${id}|${variant ?? ''}|${arch}`, digest])));
  }
  return out;
}

const row = fc.record({ x86: fc.constantFrom(...STATUSES), arm: fc.constantFrom(...STATUSES, 'not-applicable' as const) });
const op = fc.oneof(
  // Legitimate patches: a status change, then the team signs the row again.
  { arbitrary: fc.record({ kind: fc.constant('upgrade-signed' as const), feature: fc.nat(2), arch: fc.constantFrom(...ARCHES), to: fc.constantFrom(...STATUSES) }), weight: 6 },
  fc.record({ kind: fc.constant('status' as const), feature: fc.nat(2), arch: fc.constantFrom(...ARCHES), to: fc.constantFrom(...STATUSES) }),
  fc.record({ kind: fc.constant('caveat' as const), feature: fc.nat(2) }),
  fc.record({ kind: fc.constant('sign' as const), feature: fc.nat(2), as: fc.constantFrom('alice-signed', 'alice-unsigned', 'bob-unsigned', 'mallory-signed', 'alice-by-mallory-key') }),
  fc.record({ kind: fc.constant('roster' as const), change: fc.constantFrom('add-mallory', 'extend-bob', 'mallory-key-to-alice') }),
  fc.record({ kind: fc.constant('policy' as const), change: fc.constantFrom('no-signatures', 'deprecated-only', 'rules-off') }),
  fc.record({ kind: fc.constant('vocabulary' as const), name: fc.constantFrom('Supported\u200b', 'Supp\u043erted', 'Shipped') }),
  fc.record({ kind: fc.constant('baseline' as const), feature: fc.nat(2), arch: fc.constantFrom(...ARCHES) }),
  fc.record({ kind: fc.constant('drop-signoff' as const), feature: fc.nat(2) }),
  fc.record({ kind: fc.constant('edit-signoff' as const), feature: fc.nat(2), field: fc.constantFrom('ref', 'date', 'by') }),
  fc.record({ kind: fc.constant('copy-file' as const), feature: fc.nat(2) }),
);
const scenario = fc.record({
  features: fc.array(row, { minLength: 1, maxLength: 3 }),
  requireSigned: fc.boolean(),
  ops: fc.array(op, { minLength: 0, maxLength: 4 }),
});

describe('check --base on generated patches', () => {
  it('passes only if every head cell that needs a sign-off is covered by a sign-off the base team really made over it', () => {
    let passed = 0;
    let failed = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const attested: Attested = new Map();
        sharedProjectText = projectText(s.requireSigned);
        const project = corpusOf({ 'project.yml': sharedProjectText }).project;
        // The base: every Supported cell signed by alice, signed with her key.
        const datas = s.features.map((r, i): [string, Data] => {
          const arches: Record<string, unknown> = { x86: r.x86 === 'Supported' ? 'applies' : { status: r.x86 } };
          arches['arm'] = r.arm === 'not-applicable' ? 'not-applicable' : r.arm === 'Supported' ? 'applies' : { status: r.arm };
          return [`f${i}`, { title: `F${i}`, section: 'Guest types', status: 'Supported', arches, 'known-issues': [{ summary: 'Not reviewed.' }] }];
        });
        for (const [id, data] of datas) {
          const entry = sign(id, data, project, 'alice', ALICE, attested);
          if (entry) data.signoffs = [entry];
        }
        const baseFiles: Files = { 'project.yml': sharedProjectText, 'security-team.yml': rosterText(''), 'signoff-baseline.yml': 'exempt: []\n' };
        for (const [id, data] of datas) baseFiles[`${id}.md`] = fileOf(data);

        // The patch.
        const head = new Map(datas.map(([id, data]) => [id, structuredClone(data)]));
        let roster = rosterText('');
        let policyExtra = '';
        let statusesExtra = '';
        let rules = '';
        let requireSigned = s.requireSigned;
        const baseline: string[] = [];
        let governance = false;
        const pick = (n: number): [string, Data] | undefined => [...head.entries()][n % head.size];
        for (const o of s.ops) {
          const target = 'feature' in o ? pick(o.feature) : undefined;
          const data = target?.[1];
          switch (o.kind) {
            case 'status':
              if (data) (data['arches'] as Record<string, unknown>)[o.arch] = o.to === 'Supported' ? 'applies' : { status: o.to };
              break;
            case 'upgrade-signed': {
              if (!target || !data) break;
              (data['arches'] as Record<string, unknown>)[o.arch] = o.to === 'Supported' ? 'applies' : { status: o.to };
              const entry = sign(target[0], data, project, 'alice', s.requireSigned ? ALICE : undefined, attested);
              if (entry) data.signoffs = [...(data.signoffs ?? []), entry];
              break;
            }
            case 'caveat':
              if (data) Object.assign(data, { 'security-support': 'with-caveats', caveat: 'Only on Tuesdays.' });
              break;
            case 'sign': {
              if (!target || !data) break;
              const [by, key] =
                o.as === 'alice-signed' ? ['alice', ALICE] : o.as === 'alice-unsigned' ? ['alice', undefined] : o.as === 'bob-unsigned' ? ['bob', undefined] : o.as === 'mallory-signed' ? ['mallory', MALLORY] : ['alice', MALLORY];
              const entry = sign(target[0], data, project, by as string, key, attested);
              if (entry) data.signoffs = [...(data.signoffs ?? []), entry];
              break;
            }
            case 'roster':
              governance = true;
              if (o.change === 'add-mallory') roster = rosterText(`  - id: mallory\n    name: Mallory\n    active-from: 2020-01-01\n    keys: ["${MALLORY.publicLine}"]\n`);
              else if (o.change === 'extend-bob') roster = rosterText('').replace('active-until: 2023-12-31', 'active-until: 2030-12-31');
              else roster = rosterText('').replace(`keys: ["${ALICE.publicLine}"]`, `keys: ["${ALICE.publicLine}", "${MALLORY.publicLine}"]`);
              break;
            case 'policy':
              governance ||= o.change !== 'no-signatures' || requireSigned;
              if (o.change === 'no-signatures') requireSigned = false;
              else if (o.change === 'deprecated-only') policyExtra = '  signoff-required-for: [Deprecated]\n';
              else rules = 'rules:\n  signoff-stale: off\n';
              break;
            case 'vocabulary':
              governance = true;
              statusesExtra = `  - name: ${JSON.stringify(o.name)}\n    security-supported: false\n`;
              for (const d of head.values()) d['status'] = o.name;
              break;
            case 'baseline':
              if (target) {
                governance = true;
                baseline.push(`  - { feature: ${target[0]}, arch: ${o.arch}, status: Supported }`);
              }
              break;
            case 'drop-signoff':
              if (data) delete data.signoffs;
              break;
            case 'edit-signoff': {
              const first = data?.signoffs?.[0];
              if (first) first[o.field] = o.field === 'ref' ? 'https://review.example/forged' : o.field === 'date' ? '2024-12-31' : 'mallory';
              break;
            }
            case 'copy-file':
              if (target) head.set(`${target[0]}-copy`, structuredClone(target[1]));
              break;
          }
        }
        const headProjectText = projectText(requireSigned, policyExtra, statusesExtra, rules);
        const headFiles: Files = { 'project.yml': headProjectText, 'security-team.yml': roster, 'signoff-baseline.yml': `exempt:${baseline.length ? `\n${baseline.join('\n')}` : ' []'}\n` };
        for (const [id, data] of head) headFiles[`${id}.md`] = fileOf(data);

        const base = corpusOf(baseFiles, { seal: false });
        const headCorpus = corpusOf(headFiles, { seal: false });
        expect(base.diagnostics).toEqual([]);
        const side: BaseSide = { ref: 'base', commit: 'base', features: base.features, diagnostics: [], project: base.project, roster: base.roster, ...(base.baseline ? { baseline: base.baseline } : {}) };
        const input = judgedByBase(headCorpus, side, TODAY);
        const errors = [...headCorpus.diagnostics, ...lint(input, { today: TODAY })].filter((d) => d.severity === 'error');
        if (errors.length > 0) {
          failed++;
          return;
        }
        passed++;
        // It passed: nothing the verdict trusts changed…
        expect(governance, 'a governance change passed').toBe(false);
        // …and every cell that needs a sign-off by the BASE's policy is covered as the generator knows it was signed.
        for (const feature of headCorpus.features) {
          for (const cell of resolveCells(feature, base.project)) {
            if (!requiresSignoff(cell, base.project)) continue;
            const value = claimCell(cell, feature);
            const digest = value && cellDigest(value);
            const key = `${feature.id}|${cell.variant ?? ''}|${cell.arch}`;
            const entries = feature.data.signoffs ?? [];
            const covered = s.requireSigned
              ? entries.some((e) => e.signature !== undefined && attested.get(e.signature.replace(/\s+/g, ''))?.get(key) === digest)
              : entries.some((e) => e.by === 'alice' && e.claim?.cells[cell.arch] === digest && e.date === SIGNED_ON);
            expect(covered, `${key} passed without a sign-off of its current value`).toBe(true);
          }
        }
      }),
      { numRuns: GOVERNANCE_PROPERTY_RUNS, seed: 12 },
    );
    // Not vacuous: both outcomes are common.
    expect(passed).toBeGreaterThan(GOVERNANCE_PROPERTY_RUNS / 10);
    expect(failed).toBeGreaterThan(GOVERNANCE_PROPERTY_RUNS / 10);
  });
});
