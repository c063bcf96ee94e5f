/**
 * Names that print alike: the vocabulary that feeds the sign-off verdict
 * (statuses, arch ids, roster member ids) must not hold two entries a reader
 * cannot tell apart, nor an entry with a character nobody can see.
 */

// Controls, format characters, line and paragraph separators, and what
// Unicode says to ignore when rendering: zero-width spaces and joiners, the
// soft hyphen, Hangul and Mongolian fillers, variation selectors, tags.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;

/** The code points in `text` that print as nothing (or that a terminal acts on), in order, once each. */
export function invisibleCharacters(text: string): number[] {
  return [...new Set(Array.from(text.matchAll(INVISIBLE), (m) => m[0].codePointAt(0) ?? 0))];
}

/** `text` with its invisible characters written as `\u200B` (`\u{E0041}` beyond the BMP), so a message shows them. */
export function reveal(text: string): string {
  return text.replace(INVISIBLE, (c) => {
    const hex = (c.codePointAt(0) ?? 0).toString(16).toUpperCase();
    return hex.length > 4 ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
  });
}

/**
 * Letters of other scripts (and Latin extensions) that print like a basic
 * Latin letter, by that letter. Not Unicode's whole TR39 table: the scripts
 * a name is likely to be pasted from, with both cases, because the fold maps
 * before it lowercases (Greek `Η` prints like `H`, its lowercase `η` does
 * not print like `h`). Fullwidth and mathematical letters need no entry:
 * NFKC folds them. Digits are left alone (`0`/`O`, `1`/`l`/`I`).
 */
const LOOK_ALIKES: Record<string, string> = {
  a: 'аαɑ', // Cyrillic а, Greek α, Latin alpha
  c: 'сϲᴄ', // Cyrillic с, Greek lunate sigma, small capital C
  d: 'ԁ', // Cyrillic komi de
  e: 'е', // Cyrillic е
  g: 'ɡց', // Latin script g, Armenian co
  h: 'һհ', // Cyrillic shha, Armenian ho
  i: 'іιıɩ', // Cyrillic і, Greek ι, dotless i, Latin iota
  j: 'јϳȷ', // Cyrillic ј, Greek yot, dotless j
  k: 'κк', // Greek κ, Cyrillic к
  l: 'ӏǀ', // Cyrillic palochka, dental click
  n: 'ո', // Armenian vo
  o: 'оοօᴏ', // Cyrillic о, Greek ο, Armenian oh, small capital O
  p: 'рρ', // Cyrillic р, Greek ρ
  q: 'ԛզ', // Cyrillic qa, Armenian za
  s: 'ѕꜱ', // Cyrillic dze, small capital S
  t: 'τ', // Greek τ
  u: 'υսᴜ', // Greek υ, Armenian seh, small capital U
  v: 'νᴠ', // Greek ν, small capital V
  w: 'ԝᴡ', // Cyrillic we, small capital W
  x: 'х', // Cyrillic х
  y: 'уүγ', // Cyrillic у and straight u, Greek γ
  z: 'ᴢ', // small capital Z
  A: 'АΑ',
  B: 'ВΒ',
  C: 'СϹ',
  E: 'ЕΕ',
  H: 'НΗ',
  I: 'ІΙӀ',
  J: 'ЈͿ',
  K: 'КΚ',
  L: 'Լ',
  M: 'МΜ',
  N: 'Ν',
  O: 'ОΟՕ',
  P: 'РΡ',
  Q: 'Ԛ',
  S: 'ЅՏ',
  T: 'ТΤ',
  U: 'Ս',
  W: 'Ԝ',
  X: 'ХΧ',
  Y: 'УҮΥ',
  Z: 'Ζ',
};

const LATIN = new Map(Object.entries(LOOK_ALIKES).flatMap(([latin, others]) => Array.from(others, (other) => [other, latin] as const)));

function toLatin(text: string): string {
  return Array.from(text, (c) => LATIN.get(c) ?? c).join('');
}

/**
 * The form two names share when a reader cannot tell them apart: invisible
 * characters dropped, NFKC (fullwidth `Ｓ`, ligatures, non-breaking spaces),
 * look-alike letters mapped to Latin, case folded, runs of white space made
 * one space and trimmed. Two names with one skeleton are confusable.
 */
export function skeleton(text: string): string {
  const visible = text.replace(INVISIBLE, '').normalize('NFKC').replace(INVISIBLE, '');
  // Map again after folding case: a capital missing from the table may lowercase to a letter in it.
  return toLatin(toLatin(visible).toUpperCase().toLowerCase())
    .replace(/\s+/gu, ' ')
    .trim();
}
