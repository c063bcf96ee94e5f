import { suggest } from '../../validate/schema.js';
import type { Rule } from '../rule.js';
import { archValues } from '../walk.js';

/** SM108: arches come from project.yml. */
export const unknownArch: Rule = {
  id: 'SM108',
  name: 'unknown-arch',
  description: 'Require every arch to be one of the architectures in project.yml',
  severity: 'error',
  local: true,
  messages: {
    unknown: 'Unexpected arch `{{arch}}`{{hint}}, expected one of {{known}}',
  },
  checkFeature(feature, context) {
    const ids = context.project.architectures.map((a) => a.id);
    for (const found of archValues(feature)) {
      if (ids.includes(found.value)) continue;
      context.report({
        feature,
        pointer: found.pointer,
        key: found.key === true,
        messageId: 'unknown',
        data: { arch: found.value, hint: suggest(found.value, ids), known: ids.map((n) => `\`${n}\``).join(', ') },
      });
    }
  },
};
