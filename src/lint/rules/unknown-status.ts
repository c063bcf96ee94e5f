import { suggest } from '../../validate/schema.js';
import type { Rule } from '../rule.js';
import { statusValues } from '../walk.js';

/** SM107: statuses come from the project's vocabulary, spelled exactly. */
export const unknownStatus: Rule = {
  id: 'SM107',
  name: 'unknown-status',
  description: 'Require every status to be one of the statuses in project.yml, spelled exactly',
  severity: 'error',
  local: true,
  // A status spelled off the vocabulary would escape the sign-off policy.
  locked: true,
  messages: {
    unknown: 'Unexpected status `{{status}}`{{hint}}, expected one of {{known}}',
  },
  checkFeature(feature, context) {
    const names = context.project.statuses.map((s) => s.name);
    for (const found of statusValues(feature)) {
      if (names.includes(found.value)) continue;
      context.report({ feature, pointer: found.pointer, messageId: 'unknown', data: { status: found.value, hint: suggest(found.value, names), known: names.map((n) => `\`${n}\``).join(', ') } });
    }
  },
};
