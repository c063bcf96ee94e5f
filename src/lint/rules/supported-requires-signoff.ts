import { carriesStatus } from '../../model/cells.js';
import { signoffCommand } from '../../model/signoffs.js';
import type { Rule } from '../rule.js';
import { cellLabel, supportStatements, unsignedGroups } from '../walk.js';

/** SM101: the mission's core rule. */
export const supportedRequiresSignoff: Rule = {
  id: 'SM101',
  name: 'supported-requires-signoff',
  description: 'Require a valid, current security-team sign-off for every cell whose status needs one',
  severity: 'error',
  local: true,
  locked: true,
  composed: ['why', 'cell'],
  messages: {
    missing: '`{{status}}` {{cell}} has no sign-off; the security team signs it with {{needed}}',
    'not-covering': '`{{status}}` {{cell}} has no valid sign-off ({{why}}); the security team signs it with {{needed}}',
    'no-cell':
      '`{{status}}` here reaches no cell (its arches are not applicable, not implemented or unknown, or more specific statuses override it everywhere), so no sign-off can cover it; remove it, or make an arch apply and sign that off',
  },
  checkFeature(feature, context) {
    // One finding per status statement and shortfall, listing the arches it affects. The model's verdict leaves out
    // cells signed, not required, or exempt by signoff-baseline.yml while the corpus adopts the rule (rule `baseline` keeps the list honest).
    const groups = unsignedGroups(context.cells.get(feature) ?? []);
    // A sign-off-requiring status that feeds no applicable cell would still be
    // what readers of the file (and of any tool reading `status`) see.
    const fed = new Set((context.cells.get(feature) ?? []).filter((c) => carriesStatus(c.state)).map((c) => c.statusPointer));
    for (const statement of supportStatements(feature)) {
      const status = statement.value.status;
      const at = `${statement.pointer}/status`;
      if (status !== undefined && context.project.policy.signoffRequiredFor.includes(status) && !fed.has(at)) {
        context.report({ feature, pointer: at, messageId: 'no-cell', data: { status } });
      }
    }
    const cells = context.cells.get(feature) ?? [];
    for (const { cell, arches, why } of groups) {
      context.report({
        feature,
        pointer: cell.statusPointer,
        messageId: why === '' ? 'missing' : 'not-covering',
        data: {
          status: cell.status ?? '',
          cell: cellLabel(cell, arches),
          why,
          needed: `\`${signoffCommand(feature.id, cell, cells, context.project)}\``,
        },
      });
    }
  },
};
