import { dayNumber } from '../../model/signoffs.js';
import { pointer } from '../../pointer.js';
import { suggest } from '../../validate/schema.js';
import type { Rule, RuleContext } from '../rule.js';

/** SM117: project.yml and the roster agree with themselves. */
export const configConsistency: Rule = {
  id: 'SM117',
  name: 'config-consistency',
  description: 'Require unique arch ids, status names, sections and member ids, policy statuses from the vocabulary, and roster dates in order',
  severity: 'error',
  messages: {
    duplicate: 'Unexpected duplicate {{what}} `{{name}}`; each must appear once',
    'unknown-policy-status': 'Unexpected status `{{status}}` in `policy.{{field}}`{{hint}}; use a status from `statuses`',
    'bad-date': 'Unexpected date `{{date}}`, which is not a calendar day; write a real `YYYY-MM-DD` date',
    'dates-out-of-order': 'Unexpected `active-until` {{until}}, before `active-from` {{from}}; fix the dates',
  },
  checkCorpus(context) {
    const { project, roster } = context;
    duplicates(context, 'project', 'arch id', project.architectures.map((a) => a.id), (i) => pointer('architectures', i, 'id'));
    duplicates(context, 'project', 'status', project.statuses.map((s) => s.name), (i) => pointer('statuses', i, 'name'));
    duplicates(context, 'project', 'section', project.sections.map((s) => s.name), (i) => pointer('sections', i));
    duplicates(context, 'project', 'organisation id', project.organisations.map((o) => o.id), (i) => pointer('security-organisations', i, 'id'));
    duplicates(context, 'roster', 'member id', roster.members.map((m) => m.id), (i) => pointer('members', i, 'id'));

    const names = project.statuses.map((s) => s.name);
    const policy: Array<[string, string[]]> = [
      ['signoff-required-for', project.policy.signoffRequiredFor],
      ['blockers-expected-for', project.policy.blockersExpectedFor],
    ];
    for (const [field, list] of policy) {
      list.forEach((status, i) => {
        if (!names.includes(status)) context.report({ in: 'project', pointer: pointer('policy', field, i), messageId: 'unknown-policy-status', data: { status, field, hint: suggest(status, names) } });
      });
    }

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
