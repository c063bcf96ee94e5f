import { carriesStatus } from '../../model/cells.js';
import { inScope, resolveVariant } from '../../model/signoffs.js';
import { pointer } from '../../pointer.js';
import type { Rule } from '../rule.js';

/** SM103: the newest sign-off of a scope no longer matches the status it signed. */
export const signoffStale: Rule = {
  id: 'SM103',
  name: 'signoff-stale',
  description: 'Report sign-offs whose status no longer matches the cells they cover, unless a newer sign-off replaced them',
  severity: 'warn',
  local: true,
  messages: {
    stale: 'Sign-off by `{{by}}` on {{date}} is for `{{signed}}` but its cells are now {{now}}; record a new sign-off for the current status or revoke this one',
  },
  checkFeature(feature, context) {
    const signoffs = feature.data.signoffs ?? [];
    const cells = (context.cells.get(feature) ?? []).filter((c) => carriesStatus(c.state) && c.status !== undefined);
    const variantOf = (ref: string | undefined): string | undefined => (ref === undefined ? undefined : resolveVariant(feature, ref));
    signoffs.forEach((signoff, i) => {
      if (signoff.revoked) return;
      // A later, unrevoked sign-off of the same scope supersedes this one: it is history.
      const superseded = signoffs.some(
        (later, j) => j > i && !later.revoked && variantOf(later.variant) === variantOf(signoff.variant) && later.arch === signoff.arch,
      );
      if (superseded) return;
      const scoped = cells.filter((c) => inScope(signoff, c, feature));
      if (scoped.length === 0 || scoped.some((c) => c.status === signoff.status)) return;
      const now = [...new Set(scoped.map((c) => `\`${c.status ?? ''}\``))].join(', ');
      context.report({ feature, pointer: pointer('signoffs', i, 'status'), messageId: 'stale', data: { by: signoff.by, date: signoff.date, signed: signoff.status, now } });
    });
  },
};
