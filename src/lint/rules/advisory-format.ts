import { advisoryOf } from '../../model/vocabulary.js';
import { pointer } from '../../pointer.js';
import type { Rule } from '../rule.js';

/** SM113: advisory ids are `<PREFIX>-<n>` for a known scheme, or `CVE-<yyyy>-<nnnn>` (four or more digits). */
export const advisoryFormat: Rule = {
  id: 'SM113',
  name: 'advisory-format',
  description: 'Require advisory ids to be `<PREFIX>-<n>` for a prefix in project.yml `advisories`, or `CVE-<yyyy>-<nnnn>`',
  severity: 'error',
  local: true,
  messages: {
    invalid: 'Unexpected advisory id `{{advisory}}`{{hint}}, expected {{expected}}',
  },
  checkFeature(feature, context) {
    const prefixes = context.project.advisories.map((a) => a.prefix);
    const valid = (id: string): boolean => advisoryOf(id, context.project.advisories) !== undefined;
    const expected = [...prefixes.map((p) => `\`${p}-<n>\``), '`CVE-<yyyy>-<nnnn>`'].join(' or ');
    (feature.data['known-issues'] ?? []).forEach((issue, i) => {
      const advisory = issue.advisory;
      if (advisory === undefined || valid(advisory)) return;
      const fixed = advisory.trim().toUpperCase().replace(/[\s_]+/g, '-');
      const hint = fixed !== advisory && valid(fixed) ? ` (did you mean \`${fixed}\`?)` : '';
      context.report({ feature, pointer: pointer('known-issues', i, 'advisory'), messageId: 'invalid', data: { advisory, hint, expected } });
    });
  },
};
