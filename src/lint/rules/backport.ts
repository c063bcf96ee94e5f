import { describeValue, diffSnapshots } from '../../model/history.js';
import type { Cell, Feature } from '../../types.js';
import type { Rule } from '../rule.js';
import { cellLabel } from '../walk.js';

/** SM119: what the main line withdrew is withdrawn in every release still security-supported. */
export const backport: Rule = {
  id: 'SM119',
  name: 'backport',
  description: 'Report cells whose support the main line reduced but a still security-supported release keeps, so statements do not silently diverge',
  severity: 'warn',
  messages: {
    missing: 'The {{cell}} reads "{{main}}" on the main line but "{{release}}" in release `{{name}}`, security-supported until {{until}}; backport the change to `{{ref}}`, or note why it does not apply there',
  },
  checkCorpus(context) {
    const head = context.model.current;
    for (const release of context.model.releases) {
      const { dates, state, tree } = release;
      if (!tree || (state !== 'supported' && state !== 'security-supported')) continue;
      const diff = diffSnapshots(tree, head, context.project);
      // One finding per statement and pair of values, naming every arch it affects.
      const groups = new Map<string, { feature: Feature; cell: Cell; arches: string[]; main: string; release: string }>();
      for (const change of diff.changes) {
        // Only reductions matter: new support on the main line is not owed to old releases.
        if (!change.downgrade || change.after === undefined) continue;
        const feature = head.features.get(change.featureId)?.feature;
        const cell = head.features.get(change.featureId)?.cells.find((c) => c.arch === change.arch && c.variant === change.variant);
        if (!feature || !cell) continue;
        const main = describeValue(change.after, context.project);
        const before = describeValue(change.before, context.project);
        const key = [feature.id, cell.statusPointer ?? cell.statePointer ?? '', cell.variant ?? '', main, before].join('\u0000');
        const group = groups.get(key);
        if (group) group.arches.push(cell.arch);
        else groups.set(key, { feature, cell, arches: [cell.arch], main, release: before });
      }
      for (const g of groups.values()) {
        context.report({
          feature: g.feature,
          pointer: g.cell.statusPointer ?? g.cell.statePointer ?? '',
          messageId: 'missing',
          data: { cell: cellLabel(g.cell, g.arches), main: g.main, release: g.release, name: release.config.name, ref: release.config.ref, until: dates.securitySupportUntil ?? 'further notice' },
        });
      }
    }
  },
};
