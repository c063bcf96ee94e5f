import { invisibleCharacters, reveal, skeleton } from '../../confusables.js';
import { codePointName } from '../../diagnostics.js';
import { dayNumber } from '../../model/signoffs.js';
import { pointer } from '../../pointer.js';
import { suggest } from '../../validate/schema.js';
import type { Rule, RuleContext } from '../rule.js';

/** SM117: project.yml and the roster agree with themselves. */
export const configConsistency: Rule = {
  id: 'SM117',
  name: 'config-consistency',
  description: 'Require unique arch ids, status names, sections and member ids, policy statuses from the vocabulary, arch-words for declared arches, and roster dates in order',
  severity: 'error',
  // The vocabulary is what the sign-off verdict looks statuses, arches and signers up in.
  locked: true,
  messages: {
    duplicate: 'Unexpected duplicate {{what}} `{{name}}`; each must appear once',
    'invisible-character': 'Unexpected {{char}} in {{what}} `{{name}}`, an invisible, format or control character{{collides}}; delete it (or type the name again)',
    'bad-spacing': 'Unexpected {{problem}} in {{what}} `{{name}}`{{collides}}; write single plain spaces between words and none at either end',
    'look-alike':
      'Unexpected {{what}} `{{name}}`, which looks like {{what}} `{{other}}` on line {{line}}{{detail}}; names must differ in more than case, compatibility forms (such as fullwidth letters) and look-alike letters from other scripts, so rename or remove one of them',
    'unknown-policy-status': 'Unexpected status `{{status}}` in `policy.{{field}}`{{hint}}; use a status from `statuses`',
    'unknown-arch-word-arch': 'Unexpected arch `{{arch}}` for the word `{{word}}` in `arch-words`{{hint}}; use an arch id from `architectures` (an entry for another arch is never used)',
    'bad-date': 'Unexpected date `{{date}}`, which is not a calendar day; write a real `YYYY-MM-DD` date',
    'dates-out-of-order': 'Unexpected `active-until` {{until}}, before `active-from` {{from}}; fix the dates',
  },
  checkCorpus(context) {
    const { project, roster } = context;
    distinctNames(context, 'project', 'arch id', project.architectures.map((a) => a.id), (i) => pointer('architectures', i, 'id'));
    distinctNames(context, 'project', 'status', project.statuses.map((s) => s.name), (i) => pointer('statuses', i, 'name'));
    duplicates(context, 'project', 'section', project.sections.map((s) => s.name), (i) => pointer('sections', i));
    duplicates(context, 'project', 'organisation id', project.organisations.map((o) => o.id), (i) => pointer('security-organisations', i, 'id'));
    distinctNames(context, 'roster', 'member id', roster.members.map((m) => m.id), (i) => pointer('members', i, 'id'));

    const names = project.statuses.map((s) => s.name);
    const policy: Array<[string, string[]]> = [
      ['signoff-required-for', project.policy.signoffRequiredFor],
      ['blockers-expected-for', project.policy.blockersExpectedFor],
    ];
    for (const [field, list] of policy) {
      list.forEach((status, i) => {
        // A hidden character is named as such; the "did you mean" below would only hint at it.
        if (unseen(context, 'project', `\`policy.${field}\` entry`, status, pointer('policy', field, i), '')) return;
        if (!names.includes(status)) context.report({ in: 'project', pointer: pointer('policy', field, i), messageId: 'unknown-policy-status', data: { status, field, hint: suggest(status, names) } });
      });
    }

    const arches = project.architectures.map((a) => a.id);
    project.archWords.forEach((entry, i) => {
      if (!arches.includes(entry.arch)) context.report({ in: 'project', pointer: pointer('arch-words', i, 'arch'), messageId: 'unknown-arch-word-arch', data: { arch: entry.arch, word: entry.word, hint: suggest(entry.arch, arches) } });
    });

    roster.members.forEach((member, i) => {
      const from = dayNumber(member['active-from']);
      const until = member['active-until'] === undefined ? undefined : dayNumber(member['active-until']);
      if (from === undefined) context.report({ in: 'roster', pointer: pointer('members', i, 'active-from'), messageId: 'bad-date', data: { date: member['active-from'] } });
      if (member['active-until'] !== undefined && until === undefined) context.report({ in: 'roster', pointer: pointer('members', i, 'active-until'), messageId: 'bad-date', data: { date: member['active-until'] } });
      if (from !== undefined && until !== undefined && until < from) {
        context.report({ in: 'roster', pointer: pointer('members', i, 'active-until'), messageId: 'dates-out-of-order', data: { until: member['active-until'] ?? '', from: member['active-from'] } });
      }
    });
  },
};

function duplicates(context: RuleContext, where: 'project' | 'roster', what: string, names: string[], at: (i: number) => string): void {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (seen.has(name)) context.report({ in: where, pointer: at(i), messageId: 'duplicate', data: { what, name } });
    seen.add(name);
  });
}

/**
 * Names that feed the sign-off verdict: each once, none with a character a
 * reader cannot see or odd spacing, and no two that print alike (same
 * {@link skeleton}). Each finding is at the later entry and names the earlier.
 */
function distinctNames(context: RuleContext, where: 'project' | 'roster', what: string, names: string[], at: (i: number) => string): void {
  const map = where === 'roster' ? context.roster.map : context.project.map;
  const exact = new Set<string>();
  const folded = new Map<string, number>();
  names.forEach((name, i) => {
    if (exact.has(name)) {
      context.report({ in: where, pointer: at(i), messageId: 'duplicate', data: { what, name } });
      return;
    }
    exact.add(name);
    const key = skeleton(name);
    const first = folded.get(key);
    const other = first === undefined ? undefined : names[first];
    const line = first === undefined ? 0 : map.value(at(first)).line;
    if (first === undefined) folded.set(key, i);
    const collides = other === undefined ? '' : `, so it reads as ${what} \`${reveal(other)}\` on line ${line}`;
    if (unseen(context, where, what, name, at(i), collides) || other === undefined) return;
    context.report({ in: where, pointer: at(i), messageId: 'look-alike', data: { what, name, other: reveal(other), line, detail: difference(name, other) } });
  });
}

/** Reports an invisible character or odd spacing in `name`; true when it did. */
function unseen(context: RuleContext, where: 'project' | 'roster', what: string, name: string, at: string, collides: string): boolean {
  const invisible = invisibleCharacters(name);
  if (invisible.length > 0) {
    context.report({ in: where, pointer: at, messageId: 'invisible-character', data: { what, name: reveal(name), char: invisible.map(codePointName).join(', '), collides } });
    return true;
  }
  const problems: string[] = [];
  if (/^\s/u.test(name)) problems.push('space at the start');
  if (/\s$/u.test(name)) problems.push('space at the end');
  if (/\s\s/u.test(name)) problems.push('double space');
  const spaces = [...new Set(Array.from(name.matchAll(/[^\S ]/gu), (m) => m[0].codePointAt(0) ?? 0))];
  if (spaces.length > 0) problems.push(`${spaces.map(codePointName).join(', ')} (a space other than U+0020)`);
  if (problems.length === 0) return false;
  context.report({ in: where, pointer: at, messageId: 'bad-spacing', data: { what, name, problem: problems.join(' and '), collides } });
  return true;
}

/** What sets two look-alike names apart, for a reader who sees no difference. */
function difference(name: string, other: string): string {
  const foreign = (text: string): string => [...new Set(Array.from(text).filter((c) => c > '~'))].map((c) => codePointName(c.codePointAt(0) ?? 0)).join(', ');
  if (foreign(name) !== '') return ` (it contains ${foreign(name)})`;
  if (foreign(other) !== '') return ` (that one contains ${foreign(other)})`;
  return name.toLowerCase() === other.toLowerCase() ? ' (they differ only in case)' : ' (they differ only in case or spacing)';
}
