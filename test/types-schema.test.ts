// The TypeScript types of the input files and the JSON Schemas that validate
// them must not drift: each list below is typed `Record<keyof T, true>`, so
// the compiler fails when a type gains or loses a key the list does not
// have, and the test fails when the schema's properties differ from it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BaselineEntry, Concern, FeatureData, FeatureNote, KnownIssue, Limit, Member, Proposal, Signoff, SupportFields, VariantData } from '../src/types.js';

type Keys<T> = Record<keyof Required<T>, true>;

const feature: Keys<FeatureData> = {
  id: true, title: true, section: true, summary: true, status: true, 'security-support': true, 'security-organisation': true, caveat: true, arches: true, variants: true,
  'known-issues': true, notes: true, limits: true, 'depends-on': true, related: true, proposal: true, signoffs: true, order: true, since: true, 'deprecated-in': true, 'removed-in': true, 'replaced-by': true,
  aliases: true, components: true,
};
const override: Keys<SupportFields> = { status: true, 'security-support': true, 'security-organisation': true, caveat: true };
const variant: Keys<VariantData> = { id: true, name: true, summary: true, status: true, 'security-support': true, 'security-organisation': true, caveat: true, arches: true };
const knownIssue: Keys<KnownIssue> = { summary: true, advisory: true, url: true, effect: true, arches: true, variants: true, 'fixed-in': true };
const note: Keys<FeatureNote> = { text: true, arches: true, variants: true };
const limit: Keys<Limit> = { name: true, value: true, unit: true, bounds: true, arch: true, variant: true, note: true };
const proposal: Keys<Proposal> = { status: true, arch: true, variant: true, rationale: true, evidence: true, needs: true, concerns: true };
const concern: Keys<Concern> = { by: true, date: true, concern: true, resolved: true };
const signoff: Keys<Signoff> = { by: true, date: true, status: true, arch: true, variant: true, ref: true, note: true, claim: true, signature: true, revoked: true };
const member: Keys<Member> = { id: true, name: true, email: true, key: true, keys: true, 'active-from': true, 'active-until': true };
const baselineEntry: Keys<BaselineEntry> = { feature: true, variant: true, arch: true, status: true, 'arch-not-stated': true, note: true };

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  $defs?: Record<string, SchemaNode>;
  $ref?: string;
}

const schema = (name: string): SchemaNode => JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../schema', `${name}.schema.json`), 'utf8')) as SchemaNode;
const keys = (node: SchemaNode | undefined): string[] => Object.keys(node?.properties ?? {}).sort();
const listed = (record: Record<string, true>): string[] => Object.keys(record).sort();

describe('the input types and the JSON Schemas say the same keys', () => {
  const f = schema('feature');
  const defs = f.$defs ?? {};
  it.each([
    ['feature frontmatter', keys(f), feature],
    ['per-arch override', keys(defs['override']), override],
    ['variant', keys(defs['variant']), variant],
    ['known issue', keys(defs['knownIssue']), knownIssue],
    ['note', keys(defs['note']), note],
    ['limit', keys(defs['limit']), limit],
    ['proposal', keys(defs['proposal']), proposal],
    ['proposal concern', keys(defs['proposal']?.properties?.['concerns']?.items), concern],
    ['sign-off', keys(defs['signoff']), signoff],
    ['security-team member', keys(schema('security-team').properties?.['members']?.items), member],
    ['baseline entry', keys(schema('baseline').properties?.['exempt']?.items), baselineEntry],
  ] as const)('%s', (_name, inSchema, inType) => {
    expect(inSchema.length).toBeGreaterThan(0);
    expect(listed(inType)).toEqual(inSchema);
  });
});
