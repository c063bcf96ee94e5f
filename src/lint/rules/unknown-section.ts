import { suggest } from '../../validate/schema.js';
import type { Rule } from '../rule.js';

/** SM109: sections come from project.yml. */
export const unknownSection: Rule = {
  id: 'SM109',
  name: 'unknown-section',
  description: 'Require every feature section to be one of the sections in project.yml',
  severity: 'error',
  local: true,
  messages: {
    unknown: 'Unexpected section `{{section}}`{{hint}}; use a section listed in project.yml or add it there',
  },
  checkFeature(feature, context) {
    const names = context.project.sections.map((s) => s.name);
    if (names.includes(feature.data.section)) return;
    context.report({ feature, pointer: '/section', messageId: 'unknown', data: { section: feature.data.section, hint: suggest(feature.data.section, names) } });
  },
};
