import { code } from '../diagnostics.js';
import { pointer } from '../pointer.js';
import type { ResolvedCell } from '../model/resolve.js';
import { describeShortfall } from '../model/signoffs.js';
import type { Cell, Feature, SupportFields } from '../types.js';

/** A value found in a feature, with its JSON pointer. */
export interface Found<T> {
  pointer: string;
  value: T;
  /** The value is a mapping key (report at the key). */
  key?: boolean;
}

/** Every statement of status and security fields: the feature, its arch overrides, variants and their arch overrides. */
export function supportStatements(feature: Feature): Array<Found<SupportFields>> {
  const out: Array<Found<SupportFields>> = [{ pointer: '', value: feature.data }];
  const overrides = (arches: unknown, base: string): void => {
    if (arches === undefined || Array.isArray(arches)) return;
    for (const [arch, entry] of Object.entries(arches as Record<string, unknown>)) {
      if (typeof entry === 'object' && entry !== null) out.push({ pointer: base + pointer('arches', arch), value: entry as SupportFields });
    }
  };
  overrides(feature.data.arches, '');
  (feature.data.variants ?? []).forEach((variant, i) => {
    out.push({ pointer: pointer('variants', i), value: variant });
    overrides(variant.arches, pointer('variants', i));
  });
  return out;
}

/** Every status a feature names: statements, the proposal and sign-offs. */
export function statusValues(feature: Feature): Array<Found<string>> {
  const out: Array<Found<string>> = [];
  for (const s of supportStatements(feature)) if (s.value.status !== undefined) out.push({ pointer: `${s.pointer}/status`, value: s.value.status });
  if (feature.data.proposal) out.push({ pointer: '/proposal/status', value: feature.data.proposal.status });
  (feature.data.signoffs ?? []).forEach((s, i) => out.push({ pointer: pointer('signoffs', i, 'status'), value: s.status }));
  return out;
}

/** Every arch a feature names, as map keys or values. */
export function archValues(feature: Feature): Array<Found<string>> {
  const out: Array<Found<string>> = [];
  const fromArches = (arches: unknown, base: string): void => {
    if (Array.isArray(arches)) arches.forEach((a: string, i) => out.push({ pointer: `${base}/arches/${i}`, value: a }));
    else if (arches !== undefined) for (const a of Object.keys(arches as object)) out.push({ pointer: base + pointer('arches', a), value: a, key: true });
  };
  const list = (items: Array<{ arch?: string; arches?: string[] }> | undefined, base: string): void =>
    (items ?? []).forEach((item, i) => {
      if (item.arch !== undefined) out.push({ pointer: pointer(base, i, 'arch'), value: item.arch });
      item.arches?.forEach((a, j) => out.push({ pointer: pointer(base, i, 'arches', j), value: a }));
    });
  fromArches(feature.data.arches, '');
  (feature.data.variants ?? []).forEach((v, i) => fromArches(v.arches, pointer('variants', i)));
  list(feature.data.signoffs, 'signoffs');
  list(feature.data['known-issues'], 'known-issues');
  list(feature.data.notes, 'notes');
  list(feature.data.limits, 'limits');
  if (feature.data.proposal?.arch !== undefined) out.push({ pointer: '/proposal/arch', value: feature.data.proposal.arch });
  return out;
}

/** "cell on `x86`, `arm`" or "cell of variant `pvh-dom0` on `x86`", for messages. */
export function cellLabel(cell: Cell, arches: readonly string[] = [cell.arch]): string {
  const variant = cell.variant === undefined ? 'cell' : `cell of variant ${code(cell.variant)}`;
  return `${variant} on ${arches.map(code).join(', ')}`;
}

/**
 * The cells the model says are not signed off (owed, no valid sign-off, not
 * exempt), one group per status statement, row and set of reasons, each with
 * the arches it covers: one finding per group, naming every arch.
 */
export function unsignedGroups(cells: readonly ResolvedCell[]): Array<{ cell: ResolvedCell; arches: string[]; why: string }> {
  const groups = new Map<string, { cell: ResolvedCell; arches: string[]; why: string }>();
  for (const cell of cells) {
    if (cell.verdict !== 'not-signed-off') continue;
    const why = (cell.coverage?.rejected ?? []).map((c) => describeShortfall(c, code)).join('; ');
    const key = `${cell.statusPointer ?? ''}|${cell.variant ?? ''}|${why}`;
    const group = groups.get(key);
    if (group) group.arches.push(cell.arch);
    else groups.set(key, { cell, arches: [cell.arch], why });
  }
  return [...groups.values()];
}
