import { releaseDates } from '../../model/releases.js';
import { dayNumber } from '../../model/signoffs.js';
import { pointer } from '../../pointer.js';
import type { Rule } from '../rule.js';

/** SM118: release dates are real, known once released, and in order. */
export const releaseDatesRule: Rule = {
  id: 'SM118',
  name: 'release-dates',
  description: 'Require release dates in project.yml to be real, in order, and known (not `TBD`) for a released version',
  severity: 'error',
  messages: {
    'bad-date': 'Unexpected date `{{date}}`, which is not a calendar day; write a real `YYYY-MM-DD` date',
    tbd: 'Unexpected `TBD` for `{{field}}` of released version `{{release}}`; give the date, or set `lifecycle` in project.yml',
    'no-end': 'No `{{field}}` for released version `{{release}}`; give the date, or set `lifecycle.{{months}}` in project.yml',
    'out-of-order': 'Unexpected `{{field}}` {{date}} before {{other}} {{otherDate}} of release `{{release}}`; fix the dates',
    duplicate: 'Unexpected duplicate release {{what}} `{{value}}`; each release needs its own',
  },
  checkCorpus(context) {
    const { project } = context;
    const names = new Set<string>();
    const refs = new Set<string>();
    project.releases.forEach((release, i) => {
      const at = (field: string): string => pointer('releases', i, field);
      if (names.has(release.name)) context.report({ in: 'project', pointer: at('name'), messageId: 'duplicate', data: { what: 'name', value: release.name } });
      if (refs.has(release.ref)) context.report({ in: 'project', pointer: at('ref'), messageId: 'duplicate', data: { what: 'ref', value: release.ref } });
      names.add(release.name);
      refs.add(release.ref);

      let bad = false;
      for (const field of ['initial-release', 'supported-until', 'security-support-until'] as const) {
        const date = release[field];
        if (date !== undefined && date !== 'TBD' && dayNumber(date) === undefined) {
          context.report({ in: 'project', pointer: at(field), messageId: 'bad-date', data: { date } });
          bad = true;
        }
      }
      const dates = releaseDates(release, project.lifecycle);
      if (bad || dates.initialRelease === undefined) return;
      const ends = [
        ['supported-until', dates.supportedSource, 'supported-months'],
        ['security-support-until', dates.securitySource, 'security-supported-months'],
      ] as const;
      for (const [field, source, months] of ends) {
        if (source === 'tbd') context.report({ in: 'project', pointer: at(field), messageId: 'tbd', data: { field, release: release.name } });
        if (source === 'none') context.report({ in: 'project', pointer: at('initial-release'), messageId: 'no-end', data: { field, release: release.name, months } });
      }
      const order: Array<[string, string | undefined]> = [
        ['initial-release', dates.initialRelease],
        ['supported-until', dates.supportedUntil],
        ['security-support-until', dates.securitySupportUntil],
      ];
      for (let k = 1; k < order.length; k++) {
        const [field, date] = order[k] ?? ['', undefined];
        const [other, otherDate] = order[k - 1] ?? ['', undefined];
        if (date !== undefined && otherDate !== undefined && (dayNumber(date) ?? 0) < (dayNumber(otherDate) ?? 0)) {
          // Point at the explicit value when there is one, else at the initial release it was computed from.
          const where = release[field as 'supported-until'] !== undefined ? at(field) : at('initial-release');
          context.report({ in: 'project', pointer: where, messageId: 'out-of-order', data: { field, date, other, otherDate, release: release.name } });
        }
      }
    });
  },
};
