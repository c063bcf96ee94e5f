import { findVariant, variantId } from '../../model/cells.js';
import { suggest } from '../../validate/schema.js';
import { pointer } from '../../pointer.js';
import type { Rule } from '../rule.js';

/** SM114: `depends-on`, `related` and `replaced-by` name features that exist. */
export const unknownReference: Rule = {
  id: 'SM114',
  name: 'unknown-reference',
  description: 'Require `depends-on`, `related` and `replaced-by` to name existing features (by id or alias), and the variants that known issues, notes and limits are scoped to to exist',
  severity: 'error',
  messages: {
    unknown: 'Unexpected reference `{{id}}` in `{{field}}`: no feature has this id or alias{{hint}}',
    self: 'Unexpected reference to this feature itself in `{{field}}`; remove it',
    'unknown-variant': 'Unexpected variant `{{variant}}` in `{{field}}`: the feature has no variant of this name or id{{hint}}, so the entry concerns no cell; name one of its variants, or remove the scope',
  },
  checkFeature(feature, context) {
    // A scope naming no variant would concern no cell: a known issue, note or limit shown nowhere.
    const variants = feature.data.variants ?? [];
    const names = variants.flatMap((v) => [v.name, variantId(v)]);
    const scoped: Array<{ variant: string; field: string; at: string }> = [];
    (feature.data['known-issues'] ?? []).forEach((issue, i) => issue.variants?.forEach((v, j) => scoped.push({ variant: v, field: 'known-issues', at: pointer('known-issues', i, 'variants', j) })));
    (feature.data.notes ?? []).forEach((note, i) => note.variants?.forEach((v, j) => scoped.push({ variant: v, field: 'notes', at: pointer('notes', i, 'variants', j) })));
    (feature.data.limits ?? []).forEach((limit, i) => {
      if (limit.variant !== undefined) scoped.push({ variant: limit.variant, field: 'limits', at: pointer('limits', i, 'variant') });
    });
    for (const s of scoped) {
      if (findVariant(feature, s.variant) !== -1) continue;
      context.report({ feature, pointer: s.at, messageId: 'unknown-variant', data: { variant: s.variant, field: s.field, hint: suggest(s.variant, names) } });
    }
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
