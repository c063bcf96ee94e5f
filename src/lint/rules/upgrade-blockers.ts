import type { Rule } from '../rule.js';

/** SM112: early-stage features say what blocks their upgrade. */
export const upgradeBlockers: Rule = {
  id: 'SM112',
  name: 'upgrade-blockers',
  description: 'Require features with an early-stage status (`policy.blockers-expected-for`) to list known issues or a proposal',
  severity: 'warn',
  local: true,
  messages: {
    missing: '`{{status}}` feature lists no `known-issues` and no `proposal`; say what blocks its upgrade so submitters know what is left to do',
  },
  checkFeature(feature, context) {
    if ((feature.data['known-issues'] ?? []).length > 0 || feature.data.proposal) return;
    const early = (context.cells.get(feature) ?? []).find((c) => c.status !== undefined && context.project.policy.blockersExpectedFor.includes(c.status));
    if (early) context.report({ feature, pointer: early.statusPointer, messageId: 'missing', data: { status: early.status ?? '' } });
  },
};
