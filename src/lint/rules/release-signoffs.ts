import type { Cell, Feature } from '../../types.js';
import type { Rule } from '../rule.js';
import { cellLabel, unsignedGroups } from '../walk.js';

/**
 * SM122: a release's cells are judged like the working tree's — with the
 * current roster (the base's under `check --base`), the revocations of the
 * release and of the working tree, and the release tree's own baseline.
 */
export const releaseSignoffs: Rule = {
  id: 'SM122',
  name: 'release-signoffs',
  description: 'Report cells of a configured release that need a sign-off and have none; the site and exports show them as not signed off',
  severity: 'warn',
  composed: ['why', 'cell'],
  messages: {
    unsigned: '`{{status}}` {{cell}} in release `{{release}}` has no valid sign-off{{why}}; the site and exports show it as "not signed off". History cannot be edited: sign it off on the release branch, or accept the label',
  },
  checkCorpus(context) {
    for (const release of context.model.releases) {
      for (const { feature, cells } of release.tree?.byFeature.values() ?? []) {
        for (const { cell, arches, why } of unsignedGroups(cells)) report(feature, cell, arches, why, release.config.name);
      }
    }
    function report(feature: Feature, cell: Cell, arches: string[], why: string, release: string): void {
      context.report({ feature, pointer: cell.statusPointer, messageId: 'unsigned', data: { status: cell.status ?? '', cell: cellLabel(cell, arches), release, why: why === '' ? '' : ` (${why})` } });
    }
  },
};
