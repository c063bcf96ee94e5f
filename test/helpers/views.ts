// Cells read back from what the tool wrote — built pages and exports — and
// from the resolved model, in one comparable shape, so a test can say "no
// view differs from the model".
import type { Model, ResolvedTree } from '../../src/model/resolve.js';

/** One cell as a reader gets it. */
export interface SeenCell {
  feature: string;
  /** Variant id; '' for the feature's own row. */
  variant: string;
  arch: string;
  /** applies, not-applicable, not-implemented, unknown, not-stated or no-status. */
  reading: string;
  status: string;
  security: string;
  /** The caveat text, when the cell has one ('' otherwise). */
  caveat: string;
  /** The cell's notes, separated by a blank line ('' when none). */
  notes: string;
  /** The sign-off verdict: signed, exempt, not-signed-off or not-required. */
  signoff: string;
}

/** A stable key and order for comparing lists of cells. */
export function byCell(a: SeenCell, b: SeenCell): number {
  const key = (c: SeenCell): string => [c.feature, c.variant, c.arch].join('\u0000');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/** Decodes the character references the renderer writes. */
export function decode(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
    return named[ref.toLowerCase()] ?? whole;
  });
}

const attr = (tag: string, name: string): string => {
  const m = new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return decode(m?.[1] ?? m?.[2] ?? '');
};

/** A cell element (`<td>` or `<li>` with `data-state`) and its content, as one cell. */
function cellOf(feature: string, variant: string, tag: string, content: string): SeenCell {
  const csv = JSON.parse(attr(tag, 'data-csv') || '[]') as string[];
  const caveat = /<details class="caveat"><summary>caveat<\/summary><p>([\s\S]*?)<\/p><\/details>/.exec(content)?.[1];
  const notes = /<details class="notes"><summary>notes<\/summary>([\s\S]*?)<\/details>/.exec(content)?.[1] ?? '';
  const shownNotes = [...notes.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => decode(m[1] ?? '')).join('\n\n');
  if (shownNotes !== (csv[10] ?? '')) throw new Error(`${feature} ${variant} ${attr(tag, 'data-arch')}: the cell shows the notes "${shownNotes}" but its CSV says "${csv[10] ?? ''}"`);
  // The CSV fields after arch and release: state, status, security, organisation, caveat, limits, by, date, sign-off state, known issues.
  const verdict = csv[8] ?? '';
  const shown = /class="exempt"/.test(content) ? 'exempt' : /class="unsigned"/.test(content) ? 'not-signed-off' : /class="sec /.test(content) ? (verdict === 'signed' ? 'signed' : 'not-required') : 'not-required';
  if (shown !== (verdict === '' ? 'not-required' : verdict)) throw new Error(`${feature} ${variant} ${attr(tag, 'data-arch')}: the cell reads "${shown}" but its CSV says "${verdict}"`);
  // A status stated without an arch never reads as a plain status: the cell says so in words.
  if (attr(tag, 'data-state') === 'not-stated' && !/class="state state-not-stated"[^>]*>arch not stated/.test(content)) throw new Error(`${feature} ${variant} ${attr(tag, 'data-arch')}: a not-stated cell that does not say "arch not stated"`);
  return {
    feature,
    variant,
    arch: attr(tag, 'data-arch'),
    reading: attr(tag, 'data-state'),
    status: attr(tag, 'data-status'),
    security: attr(tag, 'data-security'),
    caveat: caveat === undefined ? '' : decode(caveat),
    notes: shownNotes,
    signoff: verdict || 'not-required',
  };
}

/** Every cell of a matrix page (current, per arch or per release): rows with `data-feature`, cells with `data-state`. */
export function matrixCells(page: string): SeenCell[] {
  const out: SeenCell[] = [];
  for (const row of page.matchAll(/<tr id="[^"]*" class="(?:feature|variant)-row"([^>]*)>([\s\S]*?)<\/tr>/g)) {
    const tag = row[1] ?? '';
    for (const cell of (row[2] ?? '').matchAll(/<td (id="[^"]*" data-col="[^"]*" data-arch=[^>]*)>([\s\S]*?)<\/td>/g)) {
      out.push(cellOf(attr(tag, 'data-feature'), attr(tag, 'data-variant'), ` ${cell[1] ?? ''}`, cell[2] ?? ''));
    }
  }
  return out;
}

/** Every cell of the Releases overview, by column (release slug, or `@current` for the working tree). */
export function overviewCells(page: string): Map<string, SeenCell[]> {
  const out = new Map<string, SeenCell[]>();
  for (const row of page.matchAll(/<tr id="r-[^"]*" class="(?:feature|variant)-row"([^>]*)>([\s\S]*?)<\/tr>/g)) {
    const tag = row[1] ?? '';
    for (const td of (row[2] ?? '').matchAll(/<td data-col="([^"]*)"[^>]*>([\s\S]*?)<\/td>/g)) {
      const column = out.get(td[1] ?? '') ?? [];
      out.set(td[1] ?? '', column);
      for (const li of (td[2] ?? '').matchAll(/<li( data-arch=[^>]*)>([\s\S]*?)<\/li>/g)) column.push(cellOf(attr(tag, 'data-feature'), attr(tag, 'data-variant'), li[1] ?? '', li[2] ?? ''));
    }
  }
  return out;
}

/** The support table's cells of a feature page. */
export function featureCells(page: string, feature: string): SeenCell[] {
  const table = /<h2 id="support">Support<\/h2>[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1] ?? '';
  return [...table.matchAll(/<tr id="([^"]*)">([\s\S]*?)<\/tr>/g)].flatMap((row) => {
    // Row anchors are `f-<feature slug>` and `f-<feature slug>--<variant id>`; a slug never holds `--`.
    const variant = (row[1] ?? '').split('--').slice(1).join('--');
    return [...(row[2] ?? '').matchAll(/<td (id="[^"]*" data-col="[^"]*" data-arch=[^>]*)>([\s\S]*?)<\/td>/g)].map((cell) => cellOf(feature, variant, ` ${cell[1] ?? ''}`, cell[2] ?? ''));
  });
}

/** The history table's cells of a feature page, by release. */
export function historyCells(page: string, feature: string, variants: ReadonlyMap<string, string>): Map<string, SeenCell[]> {
  const out = new Map<string, SeenCell[]>();
  const table = /<table class="history">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1] ?? '';
  for (const row of table.matchAll(/<tr><th scope="row"><a [^>]*>([^<]*)<\/a><\/th>([\s\S]*?)<\/tr>/g)) {
    const release = decode(row[1] ?? '');
    const label = decode(/^<td>([^<]*)<\/td>/.exec(row[2] ?? '')?.[1] ?? '');
    const list = out.get(release) ?? [];
    out.set(release, list);
    for (const cell of (row[2] ?? '').matchAll(/<td (data-col="[^"]*" data-arch=[^>]*)>([\s\S]*?)<\/td>/g)) list.push(cellOf(feature, variants.get(label) ?? '', ` ${cell[1] ?? ''}`, cell[2] ?? ''));
  }
  return out;
}

/** The model's cells of one tree, as a reader should get them. */
export function modelCells(tree: ResolvedTree, options: { ownIds?: boolean } = {}): SeenCell[] {
  return tree.ordered.flatMap((f) =>
    f.rows.flatMap((row) =>
      row.cells.map((c) => ({
        feature: options.ownIds ? f.feature.id : f.id,
        variant: row.variant?.id ?? '',
        arch: c.arch,
        reading: c.reading,
        status: c.status ?? '',
        security: c.securitySupport ?? '',
        caveat: c.caveat ?? '',
        notes: c.notes.join('\n\n'),
        signoff: c.verdict,
      })),
    ),
  );
}

/** The model's trees by the key the Releases overview gives their columns: each release read by its slug, then the working tree's `@current`. */
export function modelTrees(model: Model): Map<string, ResolvedTree> {
  const trees = new Map<string, ResolvedTree>();
  for (const r of model.releases) if (r.tree) trees.set(r.slug, r.tree);
  trees.set('@current', model.current);
  return trees;
}

/** The cells of an `export --format json` document. */
export function exportCells(doc: { features: Array<{ id: string; cells: Array<{ variant: string | null; arch: string; state: string; status?: string; securitySupport?: string; caveat?: string; notes?: string[]; signoff: { state: string } }> }> }): SeenCell[] {
  return doc.features.flatMap((f) =>
    f.cells.map((c) => ({
      feature: f.id,
      variant: c.variant ?? '',
      arch: c.arch,
      reading: c.state === 'applies' && c.status === undefined ? 'no-status' : c.state,
      status: c.status ?? '',
      security: c.securitySupport ?? '',
      caveat: c.caveat ?? '',
      notes: (c.notes ?? []).join('\n\n'),
      signoff: c.signoff.state,
    })),
  );
}
