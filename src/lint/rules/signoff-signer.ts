import { dayNumber, findMember, isActive } from '../../model/signoffs.js';
import { pointer } from '../../pointer.js';
import { suggest } from '../../validate/schema.js';
import type { Rule } from '../rule.js';

/** SM102: signers, revokers and concern authors are active roster members. */
export const signoffSigner: Rule = {
  id: 'SM102',
  name: 'signoff-signer',
  description: 'Require sign-offs, revocations and concerns to be by a roster member active on their date',
  severity: 'error',
  messages: {
    unknown: 'Unexpected `{{by}}`, not on the security-team roster{{hint}}; use a member id from security-team.yml',
    inactive: '`{{by}}` was not an active security-team member on {{date}} (active {{from}} to {{until}}); a sign-off must be by a member active on its date',
  },
  checkFeature(feature, context) {
    const ids = context.roster.members.map((m) => m.id);
    const check = (by: string, date: string, at: string): void => {
      const member = findMember(context.roster, by);
      if (!member) {
        const hint = ids.length === 0 ? ` (${context.roster.file} is missing or lists no members)` : suggest(by, ids);
        context.report({ feature, pointer: `${at}/by`, messageId: 'unknown', data: { by, hint } });
      } else if (dayNumber(date) !== undefined && !isActive(member, date)) {
        context.report({
          feature,
          pointer: `${at}/by`,
          messageId: 'inactive',
          data: { by, date, from: member['active-from'], until: member['active-until'] ?? 'now' },
        });
      }
    };
    (feature.data.signoffs ?? []).forEach((s, i) => {
      check(s.by, s.date, pointer('signoffs', i));
      if (s.revoked) check(s.revoked.by, s.revoked.date, pointer('signoffs', i, 'revoked'));
    });
    (feature.data.proposal?.concerns ?? []).forEach((c, i) => check(c.by, c.date, pointer('proposal', 'concerns', i)));
  },
};
