import { carriesStatus, hasOwnRow, securityRank } from '../../model/cells.js';
import { pointer } from '../../pointer.js';
import type { Cell } from '../../types.js';
import type { Rule } from '../rule.js';
import { cellLabel } from '../walk.js';

/** SM115: a cell is no more security-supported than what it depends on. */
export const dependencySecurity: Rule = {
  id: 'SM115',
  name: 'dependency-security',
  description: 'Disallow a cell more security-supported than, or applicable where not, the same arch of a feature it depends on',
  severity: 'error',
  messages: {
    'more-supported': 'Security support `{{level}}` of the {{cell}} exceeds `{{depLevel}}` of dependency `{{dependency}}` there; lower this cell or raise the dependency',
    'not-applicable': 'The {{cell}} depends on `{{dependency}}`, which does not apply there; mark this arch not applicable or fix `depends-on`',
  },
  checkFeature(feature, context) {
    const own = context.cells.get(feature) ?? [];
    (feature.data['depends-on'] ?? []).forEach((ref, i) => {
      const dependency = (context.index.all(ref)).find((f) => f !== feature);
      if (!dependency) return;
      const depCells = (context.cells.get(dependency) ?? []).filter((c) => c.variant === undefined || !hasOwnRow(dependency));
      const groups = new Map<string, { cell: Cell; arches: string[]; messageId: string; depLevel: string; at: string }>();
      for (const cell of own) {
        if (!carriesStatus(cell.state)) continue;
        // A group-only dependency counts by its best variant on that arch.
        const candidates = depCells.filter((c) => c.arch === cell.arch && carriesStatus(c.state));
        const best = candidates.sort((a, b) => securityRank(b.securitySupport) - securityRank(a.securitySupport))[0];
        let messageId: string | undefined;
        if (!best) messageId = 'not-applicable';
        else if (securityRank(cell.securitySupport) > securityRank(best.securitySupport)) messageId = 'more-supported';
        if (!messageId) continue;
        const at = messageId === 'not-applicable' ? pointer('depends-on', i) : (cell.securityPointer ?? '');
        const key = `${messageId}|${at}|${cell.variant ?? ''}|${best?.securitySupport ?? ''}`;
        const group = groups.get(key);
        if (group) group.arches.push(cell.arch);
        else groups.set(key, { cell, arches: [cell.arch], messageId, depLevel: best?.securitySupport ?? '', at });
      }
      for (const g of groups.values()) {
        context.report({
          feature,
          pointer: g.at,
          messageId: g.messageId,
          data: { cell: cellLabel(g.cell, g.arches), level: g.cell.securitySupport ?? '', depLevel: g.depLevel, dependency: dependency.id },
        });
      }
    });
  },
};
