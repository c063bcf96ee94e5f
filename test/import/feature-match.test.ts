import { describe, expect, it } from 'vitest';
import { matchFeature, titleKey, type MatchCandidate } from '../../src/import/feature-match.js';

const known: MatchCandidate[] = [
  { id: 'scheduling/credit-scheduler', title: 'Credit Scheduler' },
  { id: 'scheduling/credit2-scheduler', title: 'Credit2 scheduler' },
  { id: 'host/gicv2', title: 'GICv2' },
  { id: 'guests/shadow-paging', title: 'ARM: Shadow paging' },
  { id: 'security/live-patching', title: 'Live Patching', aliases: ['imported/xsplice'] },
];

/** How a document of that id and title matches `known`: `<how> <target id>`, `ambiguous <how> <ids>` or `none`. */
function how(id: string, title: string, among: MatchCandidate[] = known): string {
  const found = matchFeature({ id, title }, among);
  if (found.kind === 'match') return `${found.how} ${found.target.id}${found.distance ? ` (${found.distance})` : ''}`;
  if (found.kind === 'ambiguous') return `ambiguous ${found.how} ${found.candidates.map((c) => c.id).join(', ')}`;
  return 'none';
}

describe('matchFeature', () => {
  it('matches by id, then alias, then exact title (case and spacing folded)', () => {
    expect(how('scheduling/credit2-scheduler', 'Something else')).toBe('id scheduling/credit2-scheduler');
    expect(how('imported/xsplice', 'xSplice')).toBe('alias security/live-patching');
    expect(how('imported/live-patching', 'live  patching')).toBe('title security/live-patching');
  });

  it.each([
    ['Credit 2 Scheduler', 'fuzzy-title scheduling/credit2-scheduler'],
    ['Credit2 Scheduler support', 'fuzzy-title scheduling/credit2-scheduler'],
    ['The credit-2 scheduler', 'fuzzy-title scheduling/credit2-scheduler'],
    ['Credit2 schedular', 'fuzzy-title scheduling/credit2-scheduler (1)'],
    ['Shadow paging (Arm)', 'fuzzy-title guests/shadow-paging'],
    ['Shadow paging support', 'fuzzy-title guests/shadow-paging'],
  ])('matches "%s" by a fuzzy title: %s', (title, expected) => {
    expect(how('imported/x', title)).toBe(expected);
  });

  it.each([
    // Numbers differ: another feature, however close the words.
    ['Credit3 scheduler'],
    ['GICv3'],
    // The title names another arch than the feature's.
    ['x86: Shadow paging'],
    // Too short to match by likeness.
    ['PV'],
    ['Null scheduler'],
  ])('does not match "%s"', (title) => {
    expect(how('imported/x', title)).toBe('none');
  });

  it('does not guess between two features at the same strength', () => {
    const twins: MatchCandidate[] = [...known, { id: 'scheduling/credit2', title: 'Credit 2 scheduler support' }];
    expect(how('imported/x', 'Credit 2 Scheduler', twins)).toBe('ambiguous fuzzy-title scheduling/credit2-scheduler, scheduling/credit2');
    const sameTitle: MatchCandidate[] = [
      { id: 'a/pv', title: 'PV guests' },
      { id: 'b/pv', title: 'PV guests' },
    ];
    expect(how('imported/pv-guests', 'PV guests', sameTitle)).toBe('ambiguous title a/pv, b/pv');
    // Two within a small edit distance: ambiguous too, never the nearer one.
    const near: MatchCandidate[] = [
      { id: 'a', title: 'Frobnicator unit' },
      { id: 'b', title: 'Frobnicators unit' },
    ];
    expect(how('x', 'Frobnicatorr unit', near)).toBe('ambiguous fuzzy-title a, b');
  });
});

describe('titleKey', () => {
  it.each([
    ['Credit2 scheduler', 'credit2scheduler'],
    ['Credit 2 Scheduler', 'credit2scheduler'],
    ['x86: Shadow paging', 'shadowpaging'],
    ['Arm64 SVE support', 'sve'],
    ['Live patching (x86)', 'livepatching'],
    ['Support for the *frobnicator*', 'frobnicator'],
  ])('%s → %s', (title, key) => {
    expect(titleKey(title)).toBe(key);
  });
});
