import { pointer } from '../pointer.js';
import { slug } from '../slug.js';
import type { ArchEntry, Cell, CellState, Feature, Project, SecuritySupport, StatusSource, SupportFields, VariantData } from '../types.js';

/** The id of a variant: its `id`, or its name in lower case with other runs of characters turned into `-`. */
export function variantId(variant: VariantData): string {
  return variant.id ?? slug(variant.name);
}

export { slug } from '../slug.js';

/** Finds a variant by id or by exact name; returns its index. */
export function findVariant(feature: Feature, ref: string): number {
  const variants = feature.data.variants ?? [];
  const byId = variants.findIndex((v) => variantId(v) === ref);
  return byId !== -1 ? byId : variants.findIndex((v) => v.name === ref);
}

/** A variant reference (id or name) as the variant's id; unknown references stay as written. */
export function resolveVariant(feature: Feature, ref: string): string {
  const index = findVariant(feature, ref);
  const variant = feature.data.variants?.[index];
  return variant ? variantId(variant) : ref;
}

/**
 * Whether the feature has a row of its own: it states a status, for the
 * whole feature or per arch, or has no variants. A feature whose only
 * statuses are its variants' is just a group.
 */
export function hasOwnRow(feature: Feature): boolean {
  const { status, variants, arches } = feature.data;
  if (status !== undefined || (variants ?? []).length === 0) return true;
  return Object.values(arches ?? {}).some((entry) => typeof entry === 'object' && entry.status !== undefined);
}

/** One statement in the precedence chain, with where it sits in the file. */
interface Statement {
  fields: SupportFields;
  source: StatusSource;
  pointer: string;
}

/**
 * Whether a cell in this state carries the status of its chain: it applies,
 * or it was stated without an arch (`not-stated`), which claims the status
 * as much as a stated arch does (and needs the same sign-off).
 */
export function carriesStatus(state: CellState): boolean {
  return state === 'applies' || state === 'not-stated';
}

/**
 * The texts of the feature's notes that concern a cell, in file order: a
 * cell of any state but not applicable, whose arch the note names (or it
 * names none) and whose variant it names by id or name (or it names none).
 */
export function notesOf(feature: Feature, cell: Pick<Cell, 'state' | 'arch' | 'variant'>): string[] {
  const notes = feature.data.notes;
  if (notes === undefined || notes.length === 0 || cell.state === 'not-applicable') return [];
  return notes
    .filter((n) => (n.arches === undefined || n.arches.length === 0 || n.arches.includes(cell.arch)) && (n.variants === undefined || n.variants.length === 0 || (cell.variant !== undefined && n.variants.some((v) => resolveVariant(feature, v) === cell.variant))))
    .map((n) => n.text);
}

/** Security-support rank used to compare cells: `yes`/`external` > `with-caveats` > `no`. */
export function securityRank(level: SecuritySupport | undefined): number {
  return level === 'yes' || level === 'external' ? 2 : level === 'with-caveats' ? 1 : 0;
}

/**
 * Resolves a feature into cells: its own row (unless it is only a group of
 * variants) and each variant, times every project arch, in project order.
 *
 * Precedence, most specific first: variant-arch override, variant,
 * feature-arch override, feature. The statement that sets the status also
 * bounds the security fields: security support, organisation and caveat are
 * taken only from that statement or more specific ones, so a variant that
 * says `status: Supported` does not inherit the feature's `security-support: no`.
 * When none sets `security-support`, the status's vocabulary default applies.
 */
export function resolveCells(feature: Feature, project: Project): Cell[] {
  const cells: Cell[] = [];
  const data = feature.data;
  const featureStatement: Statement = { fields: data, source: 'feature', pointer: '' };
  const securityDefault = new Map(project.statuses.map((s) => [s.name, s['security-supported']]));
  const ownRow = hasOwnRow(feature);

  for (const arch of project.architectures) {
    const featureEntry = data.arches === undefined ? 'applies' : own(data.arches, arch.id);
    const featureArch = archStatement(featureEntry, 'feature-arch', pointer('arches', arch.id));
    const featureState = stateOf(featureEntry);
    const featureStateAt = data.arches === undefined ? '' : featureEntry === undefined ? '/arches' : pointer('arches', arch.id);
    if (ownRow) {
      cells.push(resolve(feature.id, undefined, arch.id, featureState, featureStateAt, [featureArch, featureStatement], securityDefault));
    }
    (data.variants ?? []).forEach((variant, i) => {
      const base = pointer('variants', i);
      let state = featureState;
      let stateAt = featureStateAt;
      let variantArch: Statement | undefined;
      if (Array.isArray(variant.arches)) {
        const index = variant.arches.indexOf(arch.id);
        state = index !== -1 ? 'applies' : 'not-applicable';
        stateAt = index !== -1 ? base + pointer('arches', index) : `${base}/arches`;
      } else if (variant.arches !== undefined) {
        const entry = own(variant.arches, arch.id);
        state = stateOf(entry);
        stateAt = entry === undefined ? `${base}/arches` : base + pointer('arches', arch.id);
        variantArch = archStatement(entry, 'variant-arch', base + pointer('arches', arch.id));
      }
      const chain = [variantArch, { fields: variant, source: 'variant' as const, pointer: base }, featureArch, featureStatement];
      cells.push(resolve(feature.id, variantId(variant), arch.id, state, stateAt, chain, securityDefault));
    });
  }
  return cells;
}

/** `record[key]` only if it is the record's own entry (never `constructor` and the like from the prototype). */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function stateOf(entry: ArchEntry | undefined): CellState {
  if (entry === undefined) return 'not-applicable';
  return typeof entry === 'string' ? entry : 'applies';
}

function archStatement(entry: ArchEntry | undefined, source: StatusSource, at: string): Statement | undefined {
  return entry !== undefined && typeof entry === 'object' ? { fields: entry, source, pointer: at } : undefined;
}

function resolve(
  featureId: string,
  variant: string | undefined,
  arch: string,
  state: CellState,
  stateAt: string,
  chain: Array<Statement | undefined>,
  securityDefault: Map<string, boolean>,
): Cell {
  const cell: Cell = { featureId, arch, state, statePointer: stateAt };
  if (variant !== undefined) cell.variant = variant;
  if (!carriesStatus(state)) return cell;

  const statements = chain.filter((s): s is Statement => s !== undefined);
  const statusAt = statements.findIndex((s) => s.fields.status !== undefined);
  const statusStatement = statements[statusAt];
  if (statusStatement === undefined) return cell;
  const status = statusStatement.fields.status as string;
  cell.status = status;
  cell.statusSource = statusStatement.source;
  cell.statusPointer = `${statusStatement.pointer}/status`;

  // Security fields come from the status statement or a more specific one.
  const bounded = statements.slice(0, statusAt + 1);
  const security = bounded.find((s) => s.fields['security-support'] !== undefined);
  cell.securitySupport = security?.fields['security-support'] ?? (securityDefault.get(status) ? 'yes' : 'no');
  cell.securityPointer = security ? `${security.pointer}/security-support` : cell.statusPointer;
  if (cell.securitySupport === 'external') {
    const organisation = bounded.find((s) => s.fields['security-organisation'] !== undefined)?.fields['security-organisation'];
    if (organisation !== undefined) cell.organisation = organisation;
  }
  const caveat = bounded.find((s) => s.fields.caveat !== undefined)?.fields.caveat;
  if (caveat !== undefined) cell.caveat = caveat;
  return cell;
}
