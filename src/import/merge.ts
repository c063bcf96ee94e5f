// Re-importing a newer statement into curated feature files: only what the
// statement states changes; what people added by hand stays.
import { isDeepStrictEqual } from 'node:util';
import { slug } from '../slug.js';
import type { FeatureData, VariantData } from '../types.js';

/**
 * The frontmatter keys an import writes from the statement. Every other key
 * (`id`, `aliases`, `signoffs`, `proposal`, `depends-on`, `components`,
 * `since`, …) is the project's and is never changed by a re-import.
 */
export const DERIVED_KEYS = ['title', 'section', 'summary', 'status', 'security-support', 'security-organisation', 'caveat', 'arches', 'variants', 'known-issues', 'notes', 'limits', 'order'] as const;

/** The keys of a variant an import writes; a hand-added `id` or `summary` stays. */
const VARIANT_KEYS = ['name', 'status', 'security-support', 'security-organisation', 'caveat', 'arches'] as const;

/** Lists whose entries people add to by hand (an advisory, a limit, a note): merged entry by entry. */
const LIST_KEYS = new Set<string>(['known-issues', 'notes', 'limits']);

/** One change a merge made to a feature file, for the report. */
export interface MergeChange {
  /** The frontmatter key, or `variants[<name>]…` for a variant's. */
  field: string;
  before: unknown;
  after: unknown;
  /** Why, when it is not just "the statement says so now". */
  why?: string;
  /** `kept`: the file's value stays though the statement says `before` (a hand edit the statement did not change since its base). */
  kept?: true;
}

/** A merged frontmatter: the values to set (undefined: remove the key), and what changed. */
export interface Merged {
  data: FeatureData;
  changes: MergeChange[];
}

/**
 * Merges what a statement says now (`next`) into a feature file's
 * frontmatter (`file`), given what the earlier import of it said (`base`,
 * when the import's manifest recorded it).
 *
 * - Keys other than {@link DERIVED_KEYS} are the file's, always.
 * - A derived value the statement did not change since `base` keeps any
 *   hand edit; one it changed takes the statement's value (the statement is
 *   the source of what is supported), and the change is listed.
 * - `known-issues`, `notes` and `limits` merge by entry: entries the
 *   statement dropped since `base` go, new ones are added, and entries added
 *   by hand (not in `base`) stay. Without a `base`, nothing is removed.
 * - Variants match by name (or by the id their name gives) and merge key by
 *   key the same way; a variant added by hand stays, one the statement
 *   dropped goes.
 */
export function mergeFeatureData(file: FeatureData, base: FeatureData | undefined, next: FeatureData): Merged {
  const data: Record<string, unknown> = { ...file };
  const changes: MergeChange[] = [];
  const fileRecord = file as unknown as Record<string, unknown>;
  const baseRecord = base as unknown as Record<string, unknown> | undefined;
  const nextRecord = next as unknown as Record<string, unknown>;
  for (const key of DERIVED_KEYS) {
    const before = fileRecord[key];
    const after =
      key === 'variants'
        ? mergeVariants(file.variants, base?.variants, next.variants, base !== undefined, changes)
        : LIST_KEYS.has(key)
          ? mergeList(before as unknown[] | undefined, baseRecord?.[key] as unknown[] | undefined, nextRecord[key] as unknown[] | undefined, base !== undefined)
          : threeWay(before, baseRecord?.[key], nextRecord[key], base !== undefined);
    if (isDeepStrictEqual(before, after)) {
      // Kept as the file has it, though the statement says otherwise: listed, so a base that lied is seen.
      // (Not for the lists, whose hand-added entries are what the merge is for.)
      if (key !== 'variants' && !LIST_KEYS.has(key) && !isDeepStrictEqual(before, nextRecord[key])) changes.push({ field: key, before: nextRecord[key], after: before, kept: true });
      continue;
    }
    if (after === undefined || (Array.isArray(after) && after.length === 0 && before === undefined)) delete data[key];
    else data[key] = after;
    if (key !== 'variants') changes.push({ field: key, before, after });
  }
  return { data: data as unknown as FeatureData, changes };
}

/**
 * Whether a recorded base (from the import's manifest, a file in the work
 * tree that a patch may write) has the shape an import writes; one that does
 * not is no base at all: the merge then removes nothing.
 */
export function usableBase(data: unknown): data is FeatureData {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return false;
  const record = data as Record<string, unknown>;
  for (const key of ['known-issues', 'notes', 'limits']) if (record[key] !== undefined && !(Array.isArray(record[key]) && (record[key] as unknown[]).every((e) => e !== null && typeof e === 'object'))) return false;
  const variants = record['variants'];
  if (variants !== undefined && !(Array.isArray(variants) && variants.every((v) => v !== null && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string'))) return false;
  return ['title', 'section', 'summary', 'status', 'caveat'].every((key) => record[key] === undefined || typeof record[key] === 'string');
}

/** The statement's value, unless it did not change since `base` and the file's differs (a hand edit). */
export function threeWay(file: unknown, base: unknown, next: unknown, known: boolean): unknown {
  if (known && isDeepStrictEqual(base, next)) return file;
  return next;
}

/** Entries of the file, without those the statement dropped since `base`, with the statement's new ones. */
function mergeList(file: readonly unknown[] | undefined, base: readonly unknown[] | undefined, next: readonly unknown[] | undefined, known: boolean): unknown[] | undefined {
  const has = (list: readonly unknown[] | undefined, entry: unknown): boolean => (list ?? []).some((e) => isDeepStrictEqual(e, entry));
  const kept = (file ?? []).filter((e) => !known || has(next, e) || !has(base, e));
  // A new entry of the statement; not one that was in `base` and that someone removed by hand.
  const added = (next ?? []).filter((e) => !has(kept, e) && !(known && has(base, e) && !has(file, e)));
  const out = [...kept, ...added];
  return out.length === 0 && file === undefined ? undefined : out;
}

/** The key a variant is matched by: its name as an id. */
const variantKey = (v: VariantData): string => slug(v.name);

function mergeVariants(file: VariantData[] | undefined, base: VariantData[] | undefined, next: VariantData[] | undefined, known: boolean, changes: MergeChange[]): VariantData[] | undefined {
  const find = (list: VariantData[] | undefined, v: VariantData): VariantData | undefined => (list ?? []).find((x) => variantKey(x) === variantKey(v) || (x.id !== undefined && x.id === variantKey(v)));
  const out: VariantData[] = [];
  for (const n of next ?? []) {
    const f = find(file, n);
    const b = find(base, n);
    if (f === undefined) {
      out.push(n);
      changes.push({ field: `variants[${n.name}]`, before: undefined, after: n });
      continue;
    }
    const merged: Record<string, unknown> = { ...f };
    const fr = f as unknown as Record<string, unknown>;
    const br = b as unknown as Record<string, unknown> | undefined;
    const nr = n as unknown as Record<string, unknown>;
    for (const key of VARIANT_KEYS) {
      const after = threeWay(fr[key], br?.[key], nr[key], known && b !== undefined);
      if (isDeepStrictEqual(fr[key], after)) {
        if (!isDeepStrictEqual(fr[key], nr[key])) changes.push({ field: `variants[${f.name}].${key}`, before: nr[key], after: fr[key], kept: true });
        continue;
      }
      if (after === undefined) delete merged[key];
      else merged[key] = after;
      changes.push({ field: `variants[${f.name}].${key}`, before: fr[key], after });
    }
    out.push(merged as unknown as VariantData);
  }
  for (const f of file ?? []) {
    if (out.some((o) => o === f || variantKey(o) === variantKey(f) || (f.id !== undefined && o.id === f.id))) continue;
    // In the earlier import and no longer in the statement: gone. Never imported: added by hand, kept.
    if (known && find(base, f) !== undefined) {
      changes.push({ field: `variants[${f.name}]`, before: f, after: undefined, why: 'no longer in the statement' });
      continue;
    }
    out.push(f);
  }
  return out.length === 0 && file === undefined ? undefined : out;
}
