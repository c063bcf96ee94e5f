import { isDeepStrictEqual } from 'node:util';
import { variantId } from '../../model/cells.js';
import { baselineKey, findCoverage } from '../../model/signoffs.js';
import { pointer, pointerSegment } from '../../pointer.js';
import type { Feature, Project, Signoff } from '../../types.js';
import type { Rule, RuleContext } from '../rule.js';

/** Most findings per file: a rewritten file is one review, not a thousand findings. */
const MAX_PER_FILE = 50;

/**
 * SM121: with `check --base <ref>`, every change the patch makes to what the
 * sign-off verdict trusts — the policy, vocabulary, rule severities, limits
 * and releases of project.yml, the roster and its keys, the baseline — and
 * every edit or removal of a sign-off entry that still matters.
 */
export const governanceChange: Rule = {
  id: 'SM121',
  name: 'governance-change',
  description: 'Report every change a patch makes to the policy, vocabulary, rules, limits, releases, roster or baseline, and every edited or removed sign-off that still matters (with --base)',
  severity: 'error',
  locked: true,
  messages: {
    project: '{{what}} changed from {{before}} to {{after}} since `{{ref}}`; a governance change needs the security team: it is not applied until merged, and this check uses `{{ref}}`\'s',
    roster: 'Roster {{what}} changed from {{before}} to {{after}} since `{{ref}}`; roster changes need the security team, and this check uses `{{ref}}`\'s roster',
    'baseline-added': 'Unexpected new baseline entry for {{cell}}: the baseline may only shrink relative to `{{ref}}`; get a sign-off instead',
    'signoff-removed': 'Sign-off #{{index}} by `{{by}}` on {{date}} of `{{feature}}` in `{{ref}}` was {{how}}, but it {{matters}}; sign-off entries are append-only: restore it, and add a new entry (or a `revoked:` entry) instead',
    'label-changed': '{{what}} of `{{feature}}` changed from {{before}} to {{after}} since `{{ref}}`, on a row the security team signed off: readers take the label as what was approved; the security team reviews the new label',
    'concern-changed': 'The unresolved concern of `{{by}}` on {{date}} about `{{feature}}` in `{{ref}}` was {{how}}; a blocking concern is lifted only by its author or the security team: restore it as `{{ref}}` has it',
    'too-many': '{{count}} more changes in this file since `{{ref}}` not listed',
  },
  checkCorpus(context) {
    const governance = context.governance;
    if (!governance) return;
    const { ref, base, head } = governance;
    let count = 0;
    const bounded = (report: () => void): void => {
      if (count++ < MAX_PER_FILE) report();
    };

    const projectChanges = [
      ...changes(projectGovernance(base.project), projectGovernance(head.project), ''),
      // What readers see beside a cell: an arch's column name, an organisation's name. New entries are free (their cells need sign-offs); existing ones may not change.
      ...keyedChanges(base.project.architectures, head.project.architectures, 'architectures'),
      ...keyedChanges(base.project.organisations, head.project.organisations, 'security-organisations'),
    ];
    for (const { pointer: at, before, after } of projectChanges) {
      bounded(() => context.report({ in: 'project', pointer: at, messageId: 'project', data: { what: `\`${label(at)}\``, before: show(before), after: show(after), ref } }));
    }
    if (count > MAX_PER_FILE) context.report({ in: 'project', pointer: '', messageId: 'too-many', data: { count: count - MAX_PER_FILE, ref } });

    count = 0;
    const baseMembers = new Map(base.roster.members.map((m) => [m.id, m]));
    const headMembers = new Map(head.roster.members.map((m) => [m.id, m]));
    const rosterTop = { team: base.roster.team, contact: base.roster.contact };
    for (const c of changes(rosterTop, { team: head.roster.team, contact: head.roster.contact }, '')) {
      bounded(() => context.report({ in: 'roster', place: head.roster.map.value(c.pointer), messageId: 'roster', data: { what: `\`${label(c.pointer)}\``, before: show(c.before), after: show(c.after), ref } }));
    }
    head.roster.members.forEach((member, i) => {
      const old = baseMembers.get(member.id);
      for (const c of changes(old, member, '')) {
        const at = pointer('members', i) + c.pointer;
        bounded(() => context.report({ in: 'roster', place: head.roster.map.value(at), messageId: 'roster', data: { what: `\`${member.id}${c.pointer === '' ? '' : ` ${label(c.pointer)}`}\``, before: show(c.before), after: show(c.after), ref } }));
      }
    });
    for (const member of base.roster.members) {
      if (!headMembers.has(member.id)) bounded(() => context.report({ in: 'roster', place: head.roster.map.value('/members'), messageId: 'roster', data: { what: `\`${member.id}\``, before: show(member), after: 'removed', ref } }));
    }
    if (count > MAX_PER_FILE) context.report({ in: 'roster', place: { line: 1, column: 1 }, messageId: 'too-many', data: { count: count - MAX_PER_FILE, ref } });

    const baseEntries = new Set((base.baseline?.exempt ?? []).map(baselineKey));
    (head.baseline?.exempt ?? []).forEach((entry, i) => {
      if (baseEntries.has(baselineKey(entry))) return;
      const cell = `\`${entry.feature}\`${entry.variant ? ` variant \`${entry.variant}\`` : ''} on \`${entry.arch}\` (${entry.status})`;
      context.report({ in: 'baseline', pointer: pointer('exempt', i), messageId: 'baseline-added', data: { cell, ref } });
    });

    const headFeatures = new Map(context.features.map((f) => [f.id, f]));
    signoffHistory(context, ref, base.features, headFeatures);
    concernHistory(context, ref, base.features, headFeatures);
    labelHistory(context, ref, base.features, headFeatures);
  },
};

/** The parts of project.yml the verdict depends on. */
function projectGovernance(project: Project): Record<string, unknown> {
  return {
    statuses: project.statuses,
    policy: {
      'signoff-required-for': project.policy.signoffRequiredFor,
      'signoff-required-when-security-supported': project.policy.signoffRequiredWhenSecuritySupported,
      'require-signed-signoffs': project.policy.requireSignedSignoffs,
      'review-after-days': project.policy.reviewAfterDays,
      'blockers-expected-for': project.policy.blockersExpectedFor,
    },
    rules: project.rules,
    // How a legacy release (`format: support-md`) reads its arches: its arch words, and the arches themselves (ids and names).
    'arch-words': project.archWords,
    ...(project.releases.some((r) => r.format === 'support-md') ? { architectures: project.architectures.map((a) => ({ id: a.id, name: a.name })) } : {}),
    limits: { 'max-file-size': project.maxFileSize, 'max-files': project.maxFiles },
    lifecycle: project.lifecycle,
    releases: project.releases,
  };
}

/** Changes to the entries of a list keyed by `id` that the base has: edited or removed (located at the head's entry, or the list). */
function keyedChanges<T extends { id: string }>(before: readonly T[], after: readonly T[], list: string): Array<{ pointer: string; before: unknown; after: unknown }> {
  const out: Array<{ pointer: string; before: unknown; after: unknown }> = [];
  for (const old of before) {
    const index = after.findIndex((e) => e.id === old.id);
    const now = after[index];
    if (now === undefined) out.push({ pointer: `/${list}`, before: old, after: undefined });
    else out.push(...changes(old, now, pointer(list, index)));
  }
  return out;
}

/**
 * The entries of a base list (sign-offs, concerns) the head does not have
 * as they were, each with the index in the head of an entry by the same
 * author and date (the edited one), or -1 when it is gone.
 */
function lostEntries<T extends { by: string; date: string }>(before: readonly T[], after: readonly T[]): Array<{ entry: T; index: number; edited: number }> {
  const remaining = [...after];
  const lost: Array<{ entry: T; index: number; edited: number }> = [];
  before.forEach((entry, index) => {
    const same = remaining.findIndex((e) => isDeepStrictEqual(e, entry));
    if (same !== -1) remaining.splice(same, 1);
    else lost.push({ entry, index, edited: after.findIndex((e) => e.by === entry.by && e.date === entry.date) });
  });
  return lost;
}

/**
 * Sign-off entries are append-only: an entry of the base that is gone or
 * edited in the head is a finding when it still matters — it is revoked
 * (deleting it would lift the revocation) or it covers a cell of the head
 * feature as the base wrote it.
 */
function signoffHistory(context: RuleContext, ref: string, baseFeatures: readonly Feature[], head: ReadonlyMap<string, Feature>): void {
  for (const old of baseFeatures) {
    const now = head.get(old.id);
    for (const { entry, index, edited } of lostEntries(old.data.signoffs ?? [], now?.data.signoffs ?? [])) {
      const matters = entry.revoked ? 'was revoked' : now && coversInHead(entry, now, context) ? 'still covers cells' : undefined;
      if (matters === undefined) continue;
      context.report({
        ...(now ? { feature: now, pointer: edited === -1 ? '/signoffs' : pointer('signoffs', edited) } : { in: 'project' as const, pointer: '' }),
        messageId: 'signoff-removed',
        data: { index: index + 1, by: entry.by, date: entry.date, feature: old.id, ref, how: now ? (edited === -1 ? 'removed' : 'edited') : 'removed with its feature file', matters },
      });
    }
  }
}

/**
 * A concern that blocks a sign-off in the base (unresolved) must reach the
 * head unchanged: resolving, editing or deleting it lifts the block, which
 * only its author or the team may do — so the patch is reviewed.
 */
function concernHistory(context: RuleContext, ref: string, baseFeatures: readonly Feature[], head: ReadonlyMap<string, Feature>): void {
  for (const old of baseFeatures) {
    const now = head.get(old.id);
    for (const { entry: concern, edited } of lostEntries(old.data.proposal?.concerns ?? [], now?.data.proposal?.concerns ?? [])) {
      if (concern.resolved !== undefined) continue;
      const how = !now ? 'removed with its feature file' : edited === -1 ? (now.data.proposal ? 'removed' : 'removed with its proposal') : 'resolved or edited';
      context.report({
        ...(now ? { feature: now, pointer: edited === -1 ? (now.data.proposal ? '/proposal' : '') : pointer('proposal', 'concerns', edited) } : { in: 'project' as const, pointer: '' }),
        messageId: 'concern-changed',
        data: { by: concern.by, date: concern.date, feature: old.id, ref, how },
      });
    }
  }
}

/**
 * Claims bind cells, not the words around them: a signed row's title or
 * variant name that the patch changes would let a reader take the sign-off
 * for something else ("PVH guests" → "PVH and PV guests").
 */
function labelHistory(context: RuleContext, ref: string, baseFeatures: readonly Feature[], head: ReadonlyMap<string, Feature>): void {
  for (const old of baseFeatures) {
    const now = head.get(old.id);
    if (!now) continue;
    const cells = context.cells.get(now) ?? [];
    // The model's verdict: a cell the policy needs signed and a sign-off covers.
    const covered = (c: (typeof cells)[number]): boolean => c.coverage?.covering !== undefined;
    const signed = (variant: string | undefined): boolean => cells.some((c) => c.variant === variant && covered(c));
    const report = (at: string, what: string, before: string, after: string): void =>
      context.report({ feature: now, pointer: at, messageId: 'label-changed', data: { what, feature: now.id, before: show(before), after: show(after), ref } });
    if (old.data.title !== now.data.title && cells.some(covered)) report('/title', 'The title', old.data.title, now.data.title);
    (now.data.variants ?? []).forEach((variant, i) => {
      const id = variantId(variant);
      const before = (old.data.variants ?? []).find((v) => variantId(v) === id);
      if (before && before.name !== variant.name && signed(id)) report(pointer('variants', i, 'name'), `The name of variant \`${id}\``, before.name, variant.name);
    });
  }
}

/** Whether `entry`, as the base wrote it, would cover a cell of the head feature: a hypothetical the model cannot hold, so judged here with the model's cells and trust. */
function coversInHead(entry: Signoff, feature: Feature, context: RuleContext): boolean {
  const cells = context.cells.get(feature) ?? [];
  const probe: Feature = { ...feature, data: { ...feature.data, signoffs: [entry] } };
  const trust = { ...context.trust, requireSigned: false };
  return cells.some((cell) => findCoverage(cell, probe, cells, trust).covering !== undefined);
}

/** Leaf differences between two JSON-like values, by JSON pointer. */
function changes(before: unknown, after: unknown, at: string): Array<{ pointer: string; before: unknown; after: unknown }> {
  if (isDeepStrictEqual(before, after)) return [];
  const bothObjects = typeof before === 'object' && before !== null && typeof after === 'object' && after !== null && Array.isArray(before) === Array.isArray(after);
  if (!bothObjects) return [{ pointer: at, before, after }];
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.flatMap((k) => changes(b[k], a[k], `${at}/${pointerSegment(k)}`));
}

/** A pointer's readable name: `/policy/signoff-required-for/0` → `policy.signoff-required-for[0]`. */
function label(at: string): string {
  return at
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out === '' ? part : `${out}.${part}`), '');
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  return `\`${JSON.stringify(value)}\``;
}
