import type { Cell } from '../../types.js';
import type { Rule } from '../rule.js';
import { cellLabel } from '../walk.js';

/** SM123: ask the project to state the arches of a statement its source gave without one. */
export const archNotStated: Rule = {
  id: 'SM123',
  name: 'arch-not-stated',
  description: 'Report every row whose cells were stated without an arch (`not-stated`, as an import writes for a qualifier that names no arch), so the project states them',
  severity: 'warn',
  local: true,
  messages: {
    'not-stated': 'The {{cell}} {{was}} stated without an arch (`not-stated`); replace `not-stated` with `applies`, `not-applicable`, `not-implemented` or `unknown` for each arch',
  },
  checkFeature(feature, context) {
    // One finding per row: the row's arches that read `not-stated`, at the first one's entry.
    const rows = new Map<string | undefined, Cell[]>();
    for (const cell of context.cells.get(feature) ?? []) if (cell.state === 'not-stated') rows.set(cell.variant, [...(rows.get(cell.variant) ?? []), cell]);
    for (const cells of rows.values()) {
      const first = cells[0];
      if (!first) continue;
      context.report({ feature, pointer: first.statePointer ?? '', messageId: 'not-stated', data: { cell: cellLabel(first, cells.map((c) => c.arch)), was: cells.length === 1 ? 'was' : 'were' } });
    }
  },
};
