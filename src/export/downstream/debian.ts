import { compareText } from '../../diagnostics.js';
import type { ExportCell, ExportDocument, ExportFeature, ExportMemo } from '../document.js';
import { keep } from '../../reuse.js';
import { identifier, identifierUrl } from '../ids.js';
import type { Downstream, DownstreamRelease } from './context.js';
import { archName, cellWords, rowsOf, securitySupported, singleLine, statesStatus, unqualified } from './words.js';

/**
 * Per-feature security scope in the text shape of Debian's
 * debian-security-support lists, one pair of files per release (and one
 * for the working tree), so a distribution can concatenate them into its
 * own lists:
 *
 * - `security-support-limited`: `<identifier> <reason>` — every row (or,
 *   where a row's arches differ, every cell) that states a status but whose
 *   security support is limited: not security supported, only with a
 *   caveat, or given by an external organisation (its name and URL).
 * - `security-support-ended`: `<identifier> <last release> <date> <reason>`
 *   — what was security supported in the release before and is not in this
 *   one (removed, or no longer security supported: the date is this
 *   release's initial release, `TBD` while unknown), and, once this
 *   release's own security support has ended, every cell it security
 *   supported itself (the date is its last day of security support; an
 *   external organisation's support is not the project's to end).
 *
 * Lines start with the stable identifier (src/export/ids.ts), never with
 * whitespace; the reason is one line. `#` lines are comments, as in Debian's.
 */

/** A release with its features, or the working tree. */
interface Side {
  name: string;
  document: ExportDocument;
  release?: DownstreamRelease;
}

/** Rows of a document keyed `<feature id>\u0000<variant>`, with the feature. */
function rowIndex(document: ExportDocument): Map<string, ExportFeature> {
  const out = new Map<string, ExportFeature>();
  for (const f of document.features) {
    out.set(f.id, f);
    for (const alias of f.aliases) if (!out.has(alias)) out.set(alias, f);
  }
  return out;
}

function header(d: Downstream, side: Side, kind: 'limited' | 'ended', format: string): string[] {
  const from = side.release ? `release ${side.name} (${side.release.ref})` : `the working tree (${side.document.revision ?? 'not in git'})`;
  return [
    `# ${singleLine(`${d.projectName}: features whose security support is ${kind === 'limited' ? 'limited' : 'ended'}, ${from}`)}`,
    `# Format: ${format}`,
    `# Written by support-matrix on ${d.asOf} from the feature files; identifiers are described in its README ("Stable identifiers").`,
  ];
}

/** One line: the identifier, padded so reasons line up as in Debian's files, then the rest. */
function line(id: string, rest: string): string {
  return `${id.padEnd(39)} ${singleLine(rest)}`.replace(/\s+$/, '');
}

/** `see <url>` when the site's URL is known. */
function see(d: Downstream, featureId: string, variant: string | null, arch?: string): string {
  return d.siteUrl === undefined ? '' : `; see ${identifierUrl(d.siteUrl, featureId, variant, arch)}`;
}

/**
 * Why a cell's security support is limited: the cell in words, the arches
 * (for a line that stands for a whole row), then the caveat's text and the
 * external organisation's URL, so the words never run into them.
 */
function reason(document: ExportDocument, cell: ExportCell, arches?: string): string {
  const org = cell.securitySupport === 'external' ? document.project.organisations.find((o) => o.id === cell.organisation) : undefined;
  return `${cellWords(cell, document.project)}${arches !== undefined ? ` on ${arches}` : ''}${cell.caveat !== undefined ? `; caveat: ${cell.caveat}` : ''}${org?.url !== undefined ? `; ${org.url}` : ''}`;
}

function limited(d: Downstream, side: Side, memo?: ExportMemo): string {
  const { document } = side;
  // What a feature's lines depend on besides the feature: kept per feature with `memo` (`serve`) while these are the same.
  const tag = memo ? JSON.stringify([d.project, d.siteUrl ?? null, document.project.architectures, document.project.organisations]) : '';
  const lines = document.features.flatMap((feature) => (memo ? keep(memo.debian, feature, tag, () => limitedLines(d, document, feature), () => `The security-support-limited lines of ${feature.id}`) : limitedLines(d, document, feature)));
  return [...header(d, side, 'limited', '<identifier> <reason or URL>'), ...lines].join('\n') + '\n';
}

/** One feature's lines of `security-support-limited`. */
function limitedLines(d: Downstream, document: ExportDocument, feature: ExportFeature): string[] {
  const lines: string[] = [];
  for (const row of rowsOf(feature)) {
    const stated = row.cells.filter(statesStatus);
    // Limited: anything short of security support as stated, for its arch, signed off where needed.
    const narrow = stated.filter((c) => !unqualified(c) || c.securitySupport !== 'yes');
    if (narrow.length === 0) continue;
    const [first] = stated;
    if (first && narrow.length === stated.length && new Set(stated.map((c) => reason(document, c))).size === 1) {
      // One line for the row: every arch where it states a status reads the same, and the line says which arches those are.
      const arches = stated.map((c) => archName(document.project, c.arch)).join(', ');
      // The feature's own row has the feature's identifier: say it is the row, when variants are listed (or not) apart.
      const own = row.variant === null && feature.variants.length > 0 ? '; the feature\'s own row, not its variants' : '';
      lines.push(line(identifier(d.project, feature.id, row.variant), `${reason(document, first, arches)}${own}${see(d, feature.id, row.variant)}`));
    } else {
      for (const cell of narrow) lines.push(line(cell.identifier, `${reason(document, cell)}${see(d, feature.id, row.variant, cell.arch)}`));
    }
  }
  return lines;
}

function ended(d: Downstream, side: Side, before: Side | undefined): string {
  const lines: string[] = [];
  if (before) {
    const now = rowIndex(side.document);
    const date = side.release?.initialRelease ?? 'TBD';
    for (const feature of before.document.features) {
      const successor = now.get(feature.id);
      for (const row of rowsOf(feature)) {
        const gone = row.cells.filter(securitySupported).flatMap((cell) => {
          const after = successor?.cells.find((c) => c.variant === cell.variant && c.arch === cell.arch);
          if (after && securitySupported(after)) return [];
          const why = !successor ? `removed in ${side.name}` : !after ? `${row.variant === null ? 'row' : 'variant'} removed in ${side.name}` : `${cellWords(after, side.document.project)} in ${side.name}`;
          return [{ cell, why }];
        });
        for (const { cell, why } of gone) {
          lines.push(line(identifier(d.project, successor?.id ?? feature.id, row.variant, cell.arch), `${encodeURIComponent(before.name)} ${date} ${why}`));
        }
      }
    }
  }
  const release = side.release;
  if (release?.securitySupportUntil !== undefined && d.asOf > release.securitySupportUntil) {
    for (const feature of side.document.features) {
      for (const row of rowsOf(feature)) {
        // An organisation's own support is not the project's to end.
        for (const cell of row.cells.filter((c) => securitySupported(c) && c.securitySupport !== 'external')) {
          lines.push(line(cell.identifier, `${encodeURIComponent(side.name)} ${release.securitySupportUntil} end of security support of ${d.projectName} ${side.name}`));
        }
      }
    }
  }
  return [...header(d, side, 'ended', '<identifier> <last release security supported> <end date or TBD> <reason>'), ...lines].join('\n') + '\n';
}

/** The releases with their features, in the order their statements took effect (by initial release; unknown dates last, in project order), then the working tree. */
function sides(d: Downstream): Side[] {
  const dated = d.releases
    .map((release, order) => ({ release, order }))
    .filter((x): x is { release: DownstreamRelease & { document: ExportDocument }; order: number } => x.release.document !== undefined)
    .sort((a, b) => (a.release.initialRelease === undefined ? 1 : 0) - (b.release.initialRelease === undefined ? 1 : 0) || compareText(a.release.initialRelease ?? '', b.release.initialRelease ?? '') || a.order - b.order);
  return [...dated.map(({ release }): Side => ({ name: release.name, document: release.document, release })), { name: 'the working tree', document: d.current }];
}

/**
 * Both lists of one release (by slug) or, without one, of the working tree
 * (compared with the newest release). With `memo` (`serve`), each feature's
 * limited lines are kept from the call before.
 */
export function debianLists(d: Downstream, slug?: string, memo?: ExportMemo): { limited: string; ended: string } {
  const all = sides(d);
  const index = slug === undefined ? all.length - 1 : all.findIndex((s) => s.release?.slug === slug);
  const side = all[index];
  if (index === -1 || !side) throw new Error(`no release read from git has the slug ${slug ?? ''}`);
  return { limited: limited(d, side, memo), ended: ended(d, side, all[index - 1]) };
}
