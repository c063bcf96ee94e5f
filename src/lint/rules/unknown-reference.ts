import { pointer } from '../../pointer.js';
import type { Rule } from '../rule.js';

/** SM114: `depends-on`, `related` and `replaced-by` name features that exist. */
export const unknownReference: Rule = {
  id: 'SM114',
  name: 'unknown-reference',
  description: 'Require `depends-on`, `related` and `replaced-by` to name existing features (by id or alias)',
  severity: 'error',
  messages: {
    unknown: 'Unexpected reference `{{id}}` in `{{field}}`: no feature has this id or alias{{hint}}',
    self: 'Unexpected reference to this feature itself in `{{field}}`; remove it',
  },
  checkFeature(feature, context) {
    const refs: Array<{ id: string; field: string; at: string }> = [];
    for (const field of ['depends-on', 'related'] as const) (feature.data[field] ?? []).forEach((id, i) => refs.push({ id, field, at: pointer(field, i) }));
    if (feature.data['replaced-by'] !== undefined) refs.push({ id: feature.data['replaced-by'], field: 'replaced-by', at: '/replaced-by' });
    for (const ref of refs) {
      const targets = context.index.all(ref.id);
      if (targets.includes(feature)) {
        context.report({ feature, pointer: ref.at, messageId: 'self', data: { field: ref.field } });
        continue;
      }
      const exact = targets.some((t) => t.id === ref.id || (t.data.aliases ?? []).includes(ref.id));
      if (exact) continue;
      const hint = targets[0] ? ` (did you mean \`${targets[0].id}\`?)` : '';
      context.report({ feature, pointer: ref.at, messageId: 'unknown', data: { id: ref.id, field: ref.field, hint } });
    }
  },
};
