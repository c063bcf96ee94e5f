import { loadCorpus } from '../../load/corpus.js';
import type { Spawn } from '../../load/git.js';
import { loadReleases } from '../../load/releases.js';
import { canonicalIds, describeValue, diffSnapshots, snapshot, type CellChange, type SnapshotDiff } from '../../model/history.js';
import { describeShortfall } from '../../model/signoffs.js';
import type { Diagnostic, Feature, Position } from '../../types.js';
import { UsageError } from '../errors.js';
import { data, property } from '../formatters/github.js';

/** Options of {@link diff}. */
export interface DiffOptions {
  cwd: string;
  /** The features directory. Default `features`. */
  dir?: string;
  /** Base git revision. */
  base: string;
  /** Head git revision; default: the working tree. */
  head?: string;
  today: string;
  spawn?: Spawn;
}

/** A changed cell, located in the head file when it exists there. */
export interface LocatedChange extends CellChange {
  file?: string;
  place?: Position;
}

/** Result of {@link diff}. */
export interface DiffResult {
  base: string;
  head: string;
  diff: Omit<SnapshotDiff, 'changes'> & { changes: LocatedChange[] };
  /** Changed cells that need a sign-off and have none. */
  unsigned: LocatedChange[];
  /** Problems reading the two sides (warnings; a missing ref throws). */
  diagnostics: Diagnostic[];
}

/**
 * Every cell whose status or security support changed between two
 * revisions, features added, removed and renamed, and for each changed cell
 * that needs a sign-off whether one covers it. The head's project.yml and
 * roster are those of the working tree.
 */
export async function diff(options: DiffOptions): Promise<DiffResult> {
  const corpus = await loadCorpus(options.dir ?? 'features', { cwd: options.cwd });
  const refs = [options.base, ...(options.head !== undefined ? [options.head] : [])];
  const read = await loadReleases(corpus.root, { ...corpus.project, releases: [] }, { cwd: options.cwd, refs, ...(options.spawn ? { spawn: options.spawn } : {}) });
  const side = (ref: string): Feature[] => {
    const loaded = read.refs.get(ref);
    if (!loaded?.found) throw new UsageError(`Unexpected revision \`${ref}\`: git finds no features directory there; give a tag, branch or commit that has one`);
    return loaded.features;
  };
  if (read.refs.size === 0) throw new UsageError(read.diagnostics[0]?.message ?? 'Cannot read git revisions here');
  const baseFeatures = side(options.base);
  const headFeatures = options.head !== undefined ? side(options.head) : corpus.features;
  const canonical = canonicalIds(headFeatures);
  const context = { project: corpus.project, roster: corpus.roster, today: options.today };
  const head = snapshot(headFeatures, corpus.project, canonical);
  const result = diffSnapshots(snapshot(baseFeatures, corpus.project, canonical), head, context);
  const changes: LocatedChange[] = result.changes.map((change) => {
    const entry = head.features.get(change.featureId);
    const cell = entry?.cells.find((c) => c.arch === change.arch && c.variant === change.variant);
    return entry && cell ? { ...change, file: entry.feature.file, place: entry.feature.map.value(cell.statusPointer ?? cell.statePointer ?? '') } : change;
  });
  return {
    base: options.base,
    head: options.head ?? 'working tree',
    diff: { ...result, changes },
    unsigned: changes.filter((c) => c.needsSignoff && !c.coverage?.covering),
    diagnostics: read.diagnostics.filter((d) => d.severity === 'warn'),
  };
}

function where(c: CellChange): string {
  return `${c.featureId}${c.variant !== undefined ? ` [${c.variant}]` : ''} on ${c.arch}`;
}

function verdict(c: CellChange, q: (s: string) => string = (s) => s): string {
  if (!c.needsSignoff) return '';
  const covering = c.coverage?.covering?.signoff;
  if (covering) return `signed off by ${q(covering.by)} on ${covering.date}`;
  const why = (c.coverage?.rejected ?? []).map((r) => describeShortfall(r, q));
  return `NEEDS A SIGN-OFF${why.length > 0 ? `: ${why.join('; ')}` : ''}`;
}

function summary(r: DiffResult): string {
  const d = r.diff;
  return `${r.base} → ${r.head}: ${d.changes.length} cells changed, ${d.added.length} features added, ${d.removed.length} removed, ${d.renamed.length} renamed; ${r.unsigned.length} changed cells lack a sign-off`;
}

/** Plain text for a terminal. */
export function formatDiffText(r: DiffResult): string {
  const d = r.diff;
  const lines = [summary(r)];
  for (const x of d.renamed) lines.push(`renamed  ${x.from} → ${x.to}`);
  for (const id of d.added) lines.push(`added    ${id}`);
  for (const id of d.removed) lines.push(`removed  ${id}`);
  for (const c of d.changes) {
    const v = verdict(c);
    lines.push(`${c.needsSignoff && !c.coverage?.covering ? '✗' : c.downgrade ? '↓' : '•'} ${where(c)}: ${describeValue(c.before)} → ${describeValue(c.after)}${v ? ` — ${v}` : ''}${c.file && c.place ? ` (${c.file}:${c.place.line}:${c.place.column})` : ''}`);
  }
  return lines.join('\n') + '\n';
}

/** Markdown, to paste as a review comment on a doc patch. */
export function formatDiffMarkdown(r: DiffResult): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const code = (s: string): string => `\`${s}\``;
  const lines = [`### Support changes: ${code(r.base)} → ${r.head === 'working tree' ? 'working tree' : code(r.head)}`, '', summary(r), ''];
  if (r.diff.renamed.length + r.diff.added.length + r.diff.removed.length > 0) {
    for (const x of r.diff.renamed) lines.push(`- renamed ${code(x.from)} → ${code(x.to)}`);
    for (const id of r.diff.added) lines.push(`- added ${code(id)}`);
    for (const id of r.diff.removed) lines.push(`- removed ${code(id)}`);
    lines.push('');
  }
  if (r.diff.changes.length > 0) {
    lines.push('| feature | variant | arch | before | after | sign-off |', '|---|---|---|---|---|---|');
    for (const c of r.diff.changes) {
      const v = c.needsSignoff ? (c.coverage?.covering ? `✓ ${verdict(c, code)}` : `✗ ${verdict(c, code)}`) : c.downgrade ? 'downgrade' : '';
      lines.push(`| ${code(c.featureId)} | ${c.variant ?? ''} | ${c.arch} | ${esc(describeValue(c.before))} | ${esc(describeValue(c.after))} | ${esc(v)} |`);
    }
  }
  return lines.join('\n') + '\n';
}

/** JSON: the whole result, stable key order. */
export function formatDiffJson(r: DiffResult): string {
  const changes = r.diff.changes.map((c) => ({
    feature: c.featureId,
    variant: c.variant ?? null,
    arch: c.arch,
    before: c.before ?? null,
    after: c.after ?? null,
    downgrade: c.downgrade,
    needsSignoff: c.needsSignoff,
    signedOff: c.needsSignoff ? c.coverage?.covering !== undefined : null,
    signoff: c.coverage?.covering ? { by: c.coverage.covering.signoff.by, date: c.coverage.covering.signoff.date, ref: c.coverage.covering.signoff.ref } : null,
    location: c.file && c.place ? { file: c.file, line: c.place.line, column: c.place.column } : null,
  }));
  return JSON.stringify({ version: 1, base: r.base, head: r.head, added: r.diff.added, removed: r.diff.removed, renamed: r.diff.renamed, changes, unsigned: r.unsigned.length }, null, 2) + '\n';
}

/** GitHub Actions annotations: an error on each unsigned upgrade, a notice on each other change. */
export function formatDiffGithub(r: DiffResult): string {
  return r.diff.changes
    .map((c) => {
      const level = c.needsSignoff && !c.coverage?.covering ? 'error' : 'notice';
      // A head read from git shows files as `ref:path`; annotations need the path in the checkout.
      const at = c.file && c.place ? `file=${property(c.file.replace(/^[^:]+:/, ''))},line=${c.place.line},col=${c.place.column},` : '';
      const v = verdict(c);
      return `::${level} ${at}title=${property(`support change: ${where(c)}`)}::${data(`${describeValue(c.before)} → ${describeValue(c.after)}${v ? ` — ${v}` : ''}`)}\n`;
    })
    .join('');
}

/** Diff formatters by `--format` name. */
export const diffFormats: Record<string, (r: DiffResult) => string> = {
  text: formatDiffText,
  markdown: formatDiffMarkdown,
  json: formatDiffJson,
  github: formatDiffGithub,
};
