import { carriesStatus, hasOwnRow, variantId } from '../../model/cells.js';
import { pointer } from '../../pointer.js';
import type { Cell } from '../../types.js';
import type { Rule } from '../rule.js';
import { cellLabel } from '../walk.js';

/** SM116: every applicable cell has a status. */
export const statusRequired: Rule = {
  id: 'SM116',
  name: 'status-required',
  description: 'Require a status for every cell that applies: on the feature, its arch override, or the variant',
  severity: 'error',
  local: true,
  messages: {
    missing: 'No status for the {{cell}}; set `status` on the {{where}}',
  },
  checkFeature(feature, context) {
    const groups = new Map<string | undefined, Cell[]>();
    for (const cell of context.cells.get(feature) ?? []) {
      if (!carriesStatus(cell.state) || cell.status !== undefined) continue;
      groups.set(cell.variant, [...(groups.get(cell.variant) ?? []), cell]);
    }
    for (const [variant, cells] of groups) {
      const index = variant === undefined ? -1 : (feature.data.variants ?? []).findIndex((v) => variantId(v) === variant);
      const first = cells[0];
      if (!first) continue;
      context.report({
        feature,
        pointer: index === -1 ? '' : pointer('variants', index),
        messageId: 'missing',
        data: { cell: cellLabel(first, cells.map((c) => c.arch)), where: whereToSet(variant, hasOwnRow(feature)) },
      });
    }
  },
};

function whereToSet(variant: string | undefined, ownRow: boolean): string {
  if (variant === undefined) return 'feature or on each arch in `arches`';
  // A status on a variants-only feature would give it a row of its own.
  return ownRow ? 'variant or on the feature' : 'variant';
}
