import { carriesStatus } from '../../model/cells.js';
import { requiresSignoff } from '../../model/signoffs.js';
import { pointer } from '../../pointer.js';
import type { Rule } from '../rule.js';

/** SM120: the sign-off baseline only shrinks. */
export const baseline: Rule = {
  id: 'SM120',
  name: 'baseline',
  description: 'Require every entry of signoff-baseline.yml to name an existing cell that still needs it, so the baseline can only shrink',
  severity: 'error',
  // A stale exemption would silently exempt a future cell from the sign-off rule.
  locked: true,
  messages: {
    'unknown-cell': 'Unexpected baseline entry for {{cell}}: no such cell applies; remove the entry',
    'status-changed': 'Unexpected baseline entry for {{cell}} at `{{status}}`: the cell is now `{{now}}`; remove the entry (a changed status needs a sign-off, not an exemption)',
    'state-changed': 'Unexpected baseline entry for {{cell}}{{was}}: the cell is now {{now}}; remove the entry (a cell whose arch is now stated, or no longer, makes a new claim, which needs a sign-off)',
    'not-required': 'Unexpected baseline entry for {{cell}}: its status no longer needs a sign-off; remove the entry',
    'signed-off': 'Unexpected baseline entry for {{cell}}: it is now signed off by `{{by}}` on {{date}}; remove the entry',
    duplicate: 'Unexpected duplicate baseline entry for {{cell}}; remove it',
  },
  checkCorpus(context) {
    const list = context.baseline?.exempt ?? [];
    const byId = new Map(context.features.map((f) => [f.id, f]));
    const seen = new Set<string>();
    list.forEach((entry, i) => {
      // Entries the trusted base lacks are governance-change findings, and exempt nothing.
      if (context.baseline?.untrusted?.has(i)) return;
      const at = pointer('exempt', i);
      const cell = `\`${entry.feature}\`${entry.variant ? ` variant \`${entry.variant}\`` : ''} on \`${entry.arch}\``;
      const key = [entry.feature, entry.variant ?? '', entry.arch].join('\u0000');
      if (seen.has(key)) {
        context.report({ in: 'baseline', pointer: at, messageId: 'duplicate', data: { cell } });
        return;
      }
      seen.add(key);
      const feature = byId.get(entry.feature);
      const target = feature && (context.cells.get(feature) ?? []).find((c) => c.variant === entry.variant && c.arch === entry.arch && carriesStatus(c.state));
      if (!feature || !target) {
        context.report({ in: 'baseline', pointer: at, messageId: 'unknown-cell', data: { cell } });
        return;
      }
      if (target.status !== entry.status) {
        context.report({ in: 'baseline', pointer: `${at}/status`, messageId: 'status-changed', data: { cell, status: entry.status, now: target.status ?? '' } });
        return;
      }
      if ((entry['arch-not-stated'] === true) !== (target.state === 'not-stated')) {
        const was = entry['arch-not-stated'] === true ? ', exempted with its arch not stated' : '';
        context.report({ in: 'baseline', pointer: at, messageId: 'state-changed', data: { cell, was, now: target.state === 'not-stated' ? 'stated without an arch (`not-stated`)' : 'stated on its arch' } });
        return;
      }
      if (!requiresSignoff(target, context.project)) {
        context.report({ in: 'baseline', pointer: at, messageId: 'not-required', data: { cell } });
        return;
      }
      const covering = target.coverage?.covering;
      if (covering) context.report({ in: 'baseline', pointer: at, messageId: 'signed-off', data: { cell, by: covering.signoff.by, date: covering.signoff.date } });
    });
  },
};
