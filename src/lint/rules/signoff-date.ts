import { dayNumber } from '../../model/signoffs.js';
import { pointer } from '../../pointer.js';
import type { Rule } from '../rule.js';

/** SM104: sign-off, revocation and concern dates are real and not in the future. */
export const signoffDate: Rule = {
  id: 'SM104',
  name: 'signoff-date',
  description: 'Require sign-off, revocation and concern dates to be real calendar dates, not in the future, and in order',
  severity: 'error',
  local: true,
  messages: {
    invalid: 'Unexpected date `{{date}}`, which is not a calendar day; write a real `YYYY-MM-DD` date',
    future: 'Unexpected date {{date}}, after today ({{today}}); a sign-off cannot be recorded ahead of time',
    'out-of-order': 'Unexpected {{what}} date {{date}}, before the date it follows ({{before}}); fix the dates',
  },
  checkFeature(feature, context) {
    // The engine refuses an invalid today, so this never fails open.
    const today = dayNumber(context.today) ?? -Infinity;
    const check = (date: string, at: string): number | undefined => {
      const day = dayNumber(date);
      if (day === undefined) context.report({ feature, pointer: at, messageId: 'invalid', data: { date } });
      else if (day > today) context.report({ feature, pointer: at, messageId: 'future', data: { date, today: context.today } });
      return day;
    };
    const order = (what: string, date: string, before: string, at: string, after: number | undefined, first: number | undefined): void => {
      if (after !== undefined && first !== undefined && after < first) context.report({ feature, pointer: at, messageId: 'out-of-order', data: { what, date, before } });
    };
    (feature.data.signoffs ?? []).forEach((s, i) => {
      const signed = check(s.date, pointer('signoffs', i, 'date'));
      if (s.revoked) {
        const at = pointer('signoffs', i, 'revoked', 'date');
        order('revocation', s.revoked.date, s.date, at, check(s.revoked.date, at), signed);
      }
    });
    (feature.data.proposal?.concerns ?? []).forEach((c, i) => {
      const raised = check(c.date, pointer('proposal', 'concerns', i, 'date'));
      if (c.resolved !== undefined) {
        const at = pointer('proposal', 'concerns', i, 'resolved');
        order('resolution', c.resolved, c.date, at, check(c.resolved, at), raised);
      }
    });
  },
};
