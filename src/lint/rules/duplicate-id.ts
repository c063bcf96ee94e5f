import { variantId } from '../../model/cells.js';
import { pointer } from '../../pointer.js';
import type { Feature } from '../../types.js';
import type { Rule } from '../rule.js';

/** SM110: one id, one feature — across files, case and aliases; one id per variant. */
export const duplicateId: Rule = {
  id: 'SM110',
  name: 'duplicate-id',
  description: 'Disallow two features, aliases or variants with the same id, also when they differ only by case',
  severity: 'error',
  // Sign-offs, the baseline and references find a feature by its id.
  locked: true,
  messages: {
    'duplicate-id': 'Unexpected {{what}} `{{id}}`, already used as {{other}} by `{{file}}`; ids must be unique ignoring case',
    'alias-is-own-id': 'Unexpected alias `{{id}}`, the same as this feature\'s own id (ignoring case); remove it',
    'duplicate-variant': 'Unexpected variant id `{{id}}`, already used by variant `{{other}}` of this feature; set a distinct `id`',
    'ambiguous-variant': 'Unexpected variant name `{{name}}`, which is the id of variant `{{other}}`; references by `variant:` would be ambiguous, so rename one of them',
    'no-variant-id': 'Unexpected variant name `{{name}}` with no letter a-z or digit, which gives the variant no id (its identifier would be the feature\'s own row); set its `id`',
    'badge-path': 'Unexpected id `{{id}}`: its segment `{{segment}}` is the badge file of feature `{{other}}` (`exports/badges/features/{{other}}{{ext}}`), so the two cannot both be published; rename one of them',
  },
  checkCorpus(context) {
    // A feature's badges are `features/<id>.json` and `.svg`: another feature's id may not need that file as a directory.
    const ids = new Map(context.features.map((f) => [f.id.toLowerCase(), f.id]));
    for (const feature of context.features) {
      const segments = feature.id.split('/');
      for (let i = 0; i < segments.length - 1; i++) {
        const ext = /\.(json|svg)$/i.exec(segments[i] ?? '')?.[0];
        if (ext === undefined) continue;
        const base = [...segments.slice(0, i), (segments[i] ?? '').slice(0, -ext.length)].join('/');
        const other = ids.get(base.toLowerCase());
        if (other !== undefined) context.report({ feature, pointer: feature.data.id !== undefined ? '/id' : '', messageId: 'badge-path', data: { id: feature.id, segment: segments[i] ?? '', other, ext: ext.toLowerCase() } });
      }
    }
    // Each claim of a lower-cased id, in file order; the first claim wins and the others are reported.
    const claims = new Map<string, { feature: Feature; as: string; at: string }>();
    for (const feature of context.features) {
      const own = feature.data.id !== undefined ? '/id' : '';
      const names: Array<{ id: string; as: string; at: string }> = [{ id: feature.id, as: 'id', at: own }];
      (feature.data.aliases ?? []).forEach((alias, i) => names.push({ id: alias, as: 'alias', at: pointer('aliases', i) }));
      for (const name of names) {
        const key = name.id.toLowerCase();
        const first = claims.get(key);
        if (!first) {
          claims.set(key, { feature, as: name.as, at: name.at });
        } else if (first.feature === feature && first.as === 'id') {
          context.report({ feature, pointer: name.at, messageId: 'alias-is-own-id', data: { id: name.id } });
        } else {
          context.report({ feature, pointer: name.at, messageId: 'duplicate-id', data: { what: name.as, id: name.id, other: first.as === 'id' ? 'the id' : 'an alias', file: first.feature.file } });
        }
      }
    }
  },
  checkFeature(feature, context) {
    const seen = new Map<string, string>();
    (feature.data.variants ?? []).forEach((variant, i) => {
      const id = variantId(variant);
      if (id === '') {
        context.report({ feature, pointer: pointer('variants', i, 'name'), messageId: 'no-variant-id', data: { name: variant.name } });
        return;
      }
      const other = seen.get(id.toLowerCase());
      if (other !== undefined) context.report({ feature, pointer: pointer('variants', i, variant.id === undefined ? 'name' : 'id'), messageId: 'duplicate-variant', data: { id, other } });
      else seen.set(id.toLowerCase(), variant.name);
    });
    // `variant:` references resolve by id first, then by name: a name that is
    // another variant's id would silently point references at the other one.
    const variants = feature.data.variants ?? [];
    // Indexes by id, so a feature with thousands of variants costs one lookup each, not every pair.
    const byId = new Map<string, number[]>();
    variants.forEach((v, j) => {
      const id = variantId(v);
      const list = byId.get(id);
      if (list) list.push(j);
      else byId.set(id, [j]);
    });
    variants.forEach((variant, i) => {
      const j = byId.get(variant.name)?.find((k) => k !== i);
      const other = j === undefined ? undefined : variants[j];
      if (other) context.report({ feature, pointer: pointer('variants', i, 'name'), messageId: 'ambiguous-variant', data: { name: variant.name, other: other.name } });
    });
  },
};
