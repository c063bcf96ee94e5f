import { dayNumber } from '../../model/signoffs.js';
import { pointer } from '../../pointer.js';
import type { Rule } from '../rule.js';

/** SM106: sign-offs in use that are older than the policy's re-review age. */
export const signoffReviewAge: Rule = {
  id: 'SM106',
  name: 'signoff-review-age',
  description: 'Flag sign-offs in use that are older than `policy.review-after-days`, for re-review',
  severity: 'warn',
  local: true,
  messages: {
    old: 'Sign-off by `{{by}}` on {{date}} was last reviewed {{days}} days ago, over the {{limit}} days of `policy.review-after-days`; ask the security team to review it again and record a new sign-off',
  },
  checkFeature(feature, context) {
    const limit = context.project.policy.reviewAfterDays;
    const today = dayNumber(context.today);
    if (limit === undefined || today === undefined) return;
    const used = new Set<number>();
    // Only sign-offs the policy relies on need re-review.
    for (const cell of context.cells.get(feature) ?? []) {
      const covering = cell.coverage?.covering;
      if (covering) used.add(covering.index);
    }
    for (const index of [...used].sort((a, b) => a - b)) {
      const signoff = feature.data.signoffs?.[index];
      const day = signoff ? dayNumber(signoff.date) : undefined;
      if (!signoff || day === undefined || today - day <= limit) continue;
      context.report({ feature, pointer: pointer('signoffs', index, 'date'), messageId: 'old', data: { by: signoff.by, date: signoff.date, days: today - day, limit } });
    }
  },
};
