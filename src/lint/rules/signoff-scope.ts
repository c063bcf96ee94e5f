import { carriesStatus, findVariant, hasOwnRow } from '../../model/cells.js';
import { resolveVariant } from '../../model/signoffs.js';
import { pointer } from '../../pointer.js';
import { suggest } from '../../validate/schema.js';
import type { Rule } from '../rule.js';

/** SM105: a sign-off's or proposal's variant and arch name something the feature has. */
export const signoffScope: Rule = {
  id: 'SM105',
  name: 'signoff-scope',
  description: 'Require the `variant` and `arch` of sign-offs and proposals to name a variant and an arch where the feature applies',
  severity: 'error',
  local: true,
  messages: {
    'unknown-variant': 'Unexpected variant `{{variant}}`, not a variant of this feature{{hint}}; use a variant id or name from `variants`',
    'not-applicable': 'Unexpected `arch: {{arch}}`: this {{what}} does not apply on `{{arch}}`, so the {{kind}} covers nothing',
    'no-own-row': 'Unexpected {{kind}} without `variant`: this feature has no status of its own, only variants, so it covers nothing; add `variant:` naming the variant it is for',
  },
  checkFeature(feature, context) {
    const variants = feature.data.variants ?? [];
    const names = variants.flatMap((v) => [v.name, ...(v.id ? [v.id] : [])]);
    const cells = context.cells.get(feature) ?? [];
    const check = (scope: { variant?: string; arch?: string }, at: string, kind: string): void => {
      let variant: string | undefined;
      if (scope.variant !== undefined) {
        const index = findVariant(feature, scope.variant);
        if (index === -1) {
          context.report({ feature, pointer: `${at}/variant`, messageId: 'unknown-variant', data: { variant: scope.variant, hint: suggest(scope.variant, names) } });
          return;
        }
        variant = resolveVariant(feature, scope.variant);
      } else if (!hasOwnRow(feature)) {
        context.report({ feature, pointer: at, messageId: 'no-own-row', data: { kind } });
        return;
      }
      const arch = scope.arch;
      if (arch === undefined || !context.project.architectures.some((a) => a.id === arch)) return;
      const applies = cells.some((c) => c.variant === variant && c.arch === arch && carriesStatus(c.state));
      if (!applies) {
        context.report({ feature, pointer: `${at}/arch`, messageId: 'not-applicable', data: { arch, what: variant === undefined ? 'feature' : 'variant', kind } });
      }
    };
    (feature.data.signoffs ?? []).forEach((s, i) => check(s, pointer('signoffs', i), 'sign-off'));
    if (feature.data.proposal) check(feature.data.proposal, '/proposal', 'proposal');
  },
};
