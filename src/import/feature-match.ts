import { distance } from 'fastest-levenshtein';
import { archWord } from '../model/vocabulary.js';

/** A feature a document may merge into. */
export interface MatchCandidate {
  id: string;
  title: string;
  aliases?: readonly string[];
}

/** How a document was matched to a feature, strongest first. */
export type MatchHow = 'id' | 'alias' | 'title' | 'fuzzy-title';

/** What {@link matchFeature} found: one feature and how, several at the same strength, or none. */
export type FeatureMatch<T extends MatchCandidate> =
  | { kind: 'match'; how: MatchHow; target: T; /** Edit distance of the title keys, for a fuzzy match that is not exact. */ distance?: number }
  | { kind: 'ambiguous'; how: MatchHow; candidates: T[] }
  | { kind: 'none' };

// Words that say nothing about which feature a title names.
const FILLER = new Set(['a', 'an', 'the', 'of', 'for', 'support', 'supported', 'feature', 'features']);

/**
 * The key a title is compared by when no id or exact title matches: without
 * an arch prefix or suffix (`x86: `, `ARM `, ` (x86)`, ` on Arm`), case,
 * punctuation, spaces and filler words (`support`, `feature`, `the`), so
 * `Credit2 scheduler` and `Credit 2 Scheduler` share `credit2scheduler`.
 */
export function titleKey(title: string): string {
  return titleParts(title).key;
}

/** {@link titleKey} and the arch the title names in its prefix or suffix, if any. */
function titleParts(title: string): { key: string; arch?: string } {
  let text = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[*_`]/g, '')
    .trim();
  let arch: string | undefined;
  const prefix = archWord(text);
  const rest = prefix?.rest.replace(/^[\s:/,–-]+/, '') ?? '';
  if (prefix && rest !== '') {
    text = rest;
    arch = prefix.id;
  }
  const suffix = /\s*(?:\(([^()]+)\)|\b(?:on|for)\s+(\S+))\s*$/i.exec(text);
  const named = suffix ? archWord((suffix[1] ?? suffix[2] ?? '').trim()) : undefined;
  if (suffix && named?.rest === '' && suffix.index > 0) {
    text = text.slice(0, suffix.index);
    arch ??= named.id;
  }
  const key = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !FILLER.has(w))
    .join('');
  return arch !== undefined ? { key, arch } : { key };
}

/**
 * The feature a document (its computed id and title) belongs to: by id,
 * then by an `aliases` entry, then by exact title (case and spacing
 * folded), then by fuzzy title — equal {@link titleKey}s, else keys a small
 * edit distance apart with the same numbers (so `GICv2` never matches
 * `GICv3`, nor `Credit` `Credit2`). Two or more features at the first
 * strength that finds any are ambiguous: no guess is made. Titles that
 * name different arches (`x86: …`, `ARM: …`) never match by likeness.
 */
export function matchFeature<T extends MatchCandidate>(doc: { id: string; title: string }, known: readonly T[]): FeatureMatch<T> {
  const fold = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  const pick = (how: MatchHow, found: T[], edit?: number): FeatureMatch<T> | undefined => {
    const unique = found.filter((k, i) => found.indexOf(k) === i);
    if (unique.length === 0) return undefined;
    if (unique.length > 1) return { kind: 'ambiguous', how, candidates: unique };
    return { kind: 'match', how, target: unique[0] as T, ...(edit !== undefined ? { distance: edit } : {}) };
  };
  const id = fold(doc.id);
  const title = fold(doc.title);
  const exact =
    pick('id', known.filter((k) => fold(k.id) === id)) ??
    pick('alias', known.filter((k) => (k.aliases ?? []).some((a) => fold(a) === id))) ??
    pick('title', known.filter((k) => fold(k.title) === title));
  if (exact) return exact;
  const { key, arch } = titleParts(doc.title);
  // A key this short (`PV`, `HVM`) names too little to be matched by likeness.
  if (key.length < 3) return { kind: 'none' };
  // `x86: Shadow paging` is never the same feature as `ARM: Shadow paging`.
  const keyed = known.map((k) => ({ k, ...titleParts(k.title) })).filter((x) => arch === undefined || x.arch === undefined || x.arch === arch);
  const same = pick('fuzzy-title', keyed.filter((x) => x.key === key).map((x) => x.k));
  if (same) return same;
  const limit = key.length >= 16 ? 2 : key.length >= 6 ? 1 : 0;
  if (limit === 0) return { kind: 'none' };
  const numbers = (s: string): string => (s.match(/\p{N}+/gu) ?? []).join(' ');
  const near = keyed.map((x) => ({ k: x.k, key: x.key, d: distance(key, x.key) })).filter((x) => x.key.length >= 3 && x.d <= limit && numbers(x.key) === numbers(key));
  return pick('fuzzy-title', near.map((x) => x.k), near[0]?.d) ?? { kind: 'none' };
}
