import { suggest } from '../../validate/schema.js';
import type { Rule } from '../rule.js';
import { supportStatements } from '../walk.js';

/** SM111: `external` names a listed organisation; `with-caveats` carries its caveat. */
export const securitySupportDetails: Rule = {
  id: 'SM111',
  name: 'security-support-details',
  description: 'Require `security-support: external` to name a listed organisation and `with-caveats` to carry caveat text',
  severity: 'error',
  local: true,
  messages: {
    'missing-organisation': '`security-support: external` without `security-organisation`; name the organisation that provides security support ({{known}})',
    'unknown-organisation': 'Unexpected security organisation `{{organisation}}`{{hint}}; use one listed under `security-organisations` in project.yml ({{known}})',
    'missing-caveat': '`security-support: with-caveats` without `caveat`; add a `caveat` saying under which conditions it is security supported',
  },
  checkFeature(feature, context) {
    const ids = context.project.organisations.map((o) => o.id);
    const known = ids.length === 0 ? 'none listed yet' : ids.map((i) => `\`${i}\``).join(', ');
    for (const s of supportStatements(feature)) {
      const organisation = s.value['security-organisation'];
      if (organisation !== undefined && !ids.includes(organisation)) {
        context.report({ feature, pointer: `${s.pointer}/security-organisation`, messageId: 'unknown-organisation', data: { organisation, hint: suggest(organisation, ids), known } });
      }
    }
    // Missing details are judged on resolved cells, so an organisation or caveat stated once for the whole feature counts.
    const reported = new Set<string>();
    for (const cell of context.cells.get(feature) ?? []) {
      const at = cell.securityPointer;
      if (at === undefined || reported.has(at)) continue;
      if (cell.securitySupport === 'external' && cell.organisation === undefined) {
        reported.add(at);
        context.report({ feature, pointer: at, messageId: 'missing-organisation', data: { known } });
      } else if (cell.securitySupport === 'with-caveats' && cell.caveat === undefined) {
        reported.add(at);
        context.report({ feature, pointer: at, messageId: 'missing-caveat' });
      }
    }
  },
};
