// What `serve` keeps from one rebuild to the next (issue 16): the parse of
// files it does not read again (load/corpus.ts), the resolved features
// (model/resolve.ts, ModelMemo), per-feature findings of the lint rules that
// read only their feature (lint/engine.ts, LintMemo), feature views
// (render/site-data.ts, SiteMemo), the CSV and SUPPORT.md parts
// (export/document.ts, ExportMemo) and pages (site/pages.ts). Each is kept
// only while the objects it was made from are the very same ones, under a
// context of everything corpus-wide it reads.

/**
 * Set to `1` in the environment, every kept result is made again and
 * compared with what was kept, and a difference is an error: the test suite
 * runs with it, so an input that a key misses cannot go unnoticed.
 */
export const CHECK_REUSE = 'SUPPORT_MATRIX_CHECK_REUSE';

/** Whether {@link CHECK_REUSE} is set: read once per process (reading `process.env` is slow, and it is asked per feature). */
let checking: boolean | undefined;
export function checkingReuse(): boolean {
  return (checking ??= process.env[CHECK_REUSE] === '1');
}

/** Whether two lists are the same parts (`===`), in order. */
export function sameParts(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.every((part, i) => part === b[i]);
}

/** A keeper of results under a context: whatever was kept under another context is dropped. */
export class ContextMemo<K extends object, V> {
  private context: readonly unknown[] = [];
  private kept = new WeakMap<K, V>();

  /** Starts a pass under `context`. */
  begin(context: readonly unknown[]): void {
    if (sameParts(context, this.context)) return;
    this.context = context;
    this.kept = new WeakMap();
  }

  get(key: K): V | undefined {
    return this.kept.get(key);
  }

  set(key: K, value: V): void {
    this.kept.set(key, value);
  }
}

/** A result kept for an object, with the tag it was made under. */
export interface Tagged<T> {
  tag: unknown;
  value: T;
}

/**
 * The result kept in `kept` for `key`, when it was made under the same
 * `tag` (`===`; re-made and compared with {@link CHECK_REUSE}); otherwise
 * made by `make`, and kept. `what` names it in the error of that check.
 */
export function keep<K extends object, T>(kept: { get(key: K): Tagged<T> | undefined; set(key: K, value: Tagged<T>): void }, key: K, tag: unknown, make: () => T, what: () => string): T {
  const hit = kept.get(key);
  if (hit !== undefined && hit.tag === tag) {
    verifyKept(what, hit.value, make);
    return hit.value;
  }
  const value = make();
  kept.set(key, { tag, value });
  return value;
}

/**
 * With {@link CHECK_REUSE} set, makes `kept` again (`make`) and throws when
 * the two differ as JSON: a kept result must be exactly what making it
 * anew gives.
 */
export function verifyKept<T>(what: () => string, kept: T, make: () => T): void {
  if (!checkingReuse()) return;
  if (JSON.stringify(make()) !== JSON.stringify(kept)) throw new Error(`${what()} was kept from an earlier rebuild, but making it again gives something else; report this as a bug of support-matrix`);
}
