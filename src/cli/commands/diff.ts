import { isDeepStrictEqual } from 'node:util';
import { compareText, counted } from '../../diagnostics.js';
import { lint } from '../../lint/engine.js';
import { governanceChange } from '../../lint/rules/governance-change.js';
import { loadCorpus } from '../../load/corpus.js';
import type { Spawn } from '../../load/git.js';
import { describeValue, diffSnapshots, type CellChange, type SnapshotDiff } from '../../model/history.js';
import { resolveModel, resolveTree, type ResolvedTree } from '../../model/resolve.js';
import { describeShortfall, signatureVerdict, signoffCommand, type Trust } from '../../model/signoffs.js';
import { pointer } from '../../pointer.js';
import { cellAnchor } from '../../render/anchors.js';
import type { Diagnostic, Feature, Position, Project, Signoff } from '../../types.js';
import { judgedByBase, readRevisions } from './check.js';
import { data, property } from '../formatters/github.js';
import { markdownLink, tableCell } from '../formatters/markdown.js';

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
  /** Base URL of the published site: the markdown links each changed cell on its feature page. */
  siteUrl?: string;
}

/** A changed cell, located in the head file when it exists there. */
export interface LocatedChange extends CellChange {
  file?: string;
  place?: Position;
  /** For a change that needs a sign-off and has none: the `support-matrix signoff` command that signs it. */
  command?: string;
}

/** A sign-off entry the head adds, as the security team reviews it. */
export interface NewSignoff {
  feature: string;
  index: number;
  signoff: Signoff;
  /** Whether it covers a cell of the head, judged by the base's roster and keys. */
  covers: boolean;
  /** `signed`: a signature that verifies with the signer's keys in the base's roster; `bad-signature`: one that does not; `unsigned`: none. */
  signature: 'signed' | 'bad-signature' | 'unsigned';
  file?: string;
  place?: Position;
}

/** Result of {@link diff}. */
export interface DiffResult {
  base: string;
  head: string;
  /** The project the cells were judged with (the base's): its organisations name external security support. */
  project: Project;
  /** Base URL of the published site, without a trailing slash. */
  siteUrl?: string;
  diff: Omit<SnapshotDiff, 'changes'> & { changes: LocatedChange[] };
  /** Changed cells that need a sign-off and have none. */
  unsigned: LocatedChange[];
  /** Changes to the governance the verdict trusts, and edited or removed sign-offs (`governance-change` findings). */
  governance: Diagnostic[];
  /** Sign-off entries the head adds. */
  signoffs: NewSignoff[];
  /** Problems reading the two sides (warnings; a missing ref throws). */
  diagnostics: Diagnostic[];
}

/**
 * Every cell whose status or security support changed between two
 * revisions, features added, removed and renamed, and for each changed cell
 * that needs a sign-off whether one covers it — judged, like `check --base`,
 * with the base's vocabulary, policy, roster, keys and baseline — plus every
 * governance change and every new sign-off entry.
 */
export async function diff(options: DiffOptions): Promise<DiffResult> {
  const corpus = await loadCorpus(options.dir ?? 'features', { cwd: options.cwd });
  const git = { cwd: options.cwd, legacy: true, ...(options.spawn ? { spawn: options.spawn } : {}) };
  // Both revisions through one git reader.
  const [base, headSide] = await readRevisions(corpus, [options.base, ...(options.head !== undefined ? [options.head] : [])], git);
  if (!base) throw new Error('no base read');
  const headCorpus = headSide ?? corpus;
  const input = judgedByBase(headCorpus, base, options.today);
  // One model of the head, judged by the base; the base's features resolved against the head's id index, so renames line up.
  const model = resolveModel(input, { today: options.today });
  const head = model.current;
  const result = diffSnapshots(resolveTree(base.features, input.project, model.ids, model.trust), head, input.project);
  const governance = lint({ ...input, model }, { today: options.today, rules: [governanceChange] });
  const signoffs = newSignoffs(base.features, head, model.trust);
  const changes: LocatedChange[] = result.changes.map((change) => {
    const entry = head.features.get(change.featureId);
    const cell = entry?.cells.find((c) => c.arch === change.arch && c.variant === change.variant);
    if (!entry || !cell) return change;
    const located: LocatedChange = { ...change, file: entry.feature.file, place: entry.feature.map.value(cell.statusPointer ?? cell.statePointer ?? '') };
    if (change.needsSignoff && !change.unknownStatus && !change.coverage?.covering) located.command = signoffCommand(entry.feature.id, cell, entry.cells, input.project);
    return located;
  });
  return {
    base: options.base,
    head: options.head ?? 'working tree',
    project: input.project,
    ...(options.siteUrl !== undefined ? { siteUrl: options.siteUrl.replace(/\/+$/, '') } : {}),
    diff: { ...result, changes },
    unsigned: changes.filter((c) => c.needsSignoff && !c.coverage?.covering),
    governance,
    signoffs,
    diagnostics: [...base.diagnostics, ...(headSide?.diagnostics ?? [])],
  };
}

/** Whether a new entry's signature verifies over its claim with a key the (base's) roster lists for its signer. */
function signatureOf(signoff: Signoff, feature: Feature, trust: Trust): NewSignoff['signature'] {
  const { state } = signatureVerdict(signoff, feature, trust.roster);
  return state === 'signed' || state === 'unsigned' ? state : 'bad-signature';
}

/** Entries in the head's sign-off lists that the base does not have (same feature id, equal entry). */
function newSignoffs(baseFeatures: readonly Feature[], head: ResolvedTree, trust: Trust): NewSignoff[] {
  const before = new Map(baseFeatures.map((f) => [f.id, f.data.signoffs ?? []]));
  const out: NewSignoff[] = [];
  for (const { feature, cells } of head.features.values()) {
    const old = [...(before.get(feature.id) ?? [])];
    (feature.data.signoffs ?? []).forEach((signoff, index) => {
      const same = old.findIndex((e) => isDeepStrictEqual(e, signoff));
      if (same !== -1) {
        old.splice(same, 1);
        return;
      }
      const covers = cells.some((cell) => cell.coverage?.covering?.index === index);
      out.push({ feature: feature.id, index, signoff, covers, signature: signatureOf(signoff, feature, trust), file: feature.file, place: feature.map.value(pointer('signoffs', index)) });
    });
  }
  return out.sort((a, b) => compareText(a.feature, b.feature) || a.index - b.index);
}

function where(c: CellChange): string {
  return `${c.featureId}${c.variant !== undefined ? ` [${c.variant}]` : ''} on ${c.arch}`;
}

function verdict(c: LocatedChange, q: (s: string) => string = (s) => s): string {
  if (!c.needsSignoff) return '';
  if (c.unknownStatus) return `NEEDS A SIGN-OFF: ${q(c.after?.status ?? '')} is not a status of the vocabulary, so nothing can sign it off`;
  const covering = c.coverage?.covering?.signoff;
  if (covering) return `signed off by ${q(covering.by)} on ${covering.date}`;
  const why = (c.coverage?.rejected ?? []).map((r) => describeShortfall(r, q));
  return `NEEDS A SIGN-OFF${why.length > 0 ? `: ${why.join('; ')}` : ''}${c.command ? `; sign: ${q(c.command)}` : ''}`;
}

function summary(r: DiffResult): string {
  const d = r.diff;
  return `${r.base} → ${r.head}: ${counted(d.changes.length, 'cell')} changed, ${counted(d.added.length, 'feature')} added, ${d.removed.length} removed, ${d.renamed.length} renamed; ${counted(r.unsigned.length, 'changed cell lacks', 'changed cells lack')} a sign-off; ${counted(r.governance.length, 'governance change')}; ${counted(r.signoffs.length, 'new sign-off')}`;
}

/** `file:line:column` of a finding. */
function at(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}`;
}

/** One new sign-off entry in words. */
function describeNew(n: NewSignoff): string {
  const s = n.signoff;
  const scope = [s.variant !== undefined ? `variant ${s.variant}` : '', s.arch !== undefined ? `arch ${s.arch}` : '', s.claim ? `claim ${Object.keys(s.claim.cells).join(', ')}` : 'no claim'].filter(Boolean).join(', ');
  return `${n.feature} #${n.index + 1}: ${s.status} by ${s.by} on ${s.date} (${scope}; ${n.signature === 'signed' ? 'signed' : n.signature === 'unsigned' ? 'UNSIGNED' : 'BAD SIGNATURE'}) ${n.covers ? 'covers cells' : 'covers no cell'} — review ${s.ref}`;
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
    lines.push(`${c.needsSignoff && !c.coverage?.covering ? '✗' : c.downgrade ? '↓' : '•'} ${where(c)}: ${describeValue(c.before, r.project)} → ${describeValue(c.after, r.project)}${v ? ` — ${v}` : ''}${c.file && c.place ? ` (${c.file}:${c.place.line}:${c.place.column})` : ''}`);
  }
  if (r.governance.length > 0) {
    lines.push('', `Governance changes (${r.governance.length}): a security-team member must review these`);
    for (const d of r.governance) lines.push(`✗ ${at(d)}  ${d.message}`);
  }
  if (r.signoffs.length > 0) {
    lines.push('', `New sign-offs (${r.signoffs.length})`);
    for (const n of r.signoffs) lines.push(`+ ${describeNew(n)}${n.file && n.place ? ` (${n.file}:${n.place.line}:${n.place.column})` : ''}`);
  }
  return lines.join('\n') + '\n';
}

/** Markdown, to paste as a review comment on a doc patch. */
export function formatDiffMarkdown(r: DiffResult): string {
  const esc = tableCell;
  const code = (s: string): string => `\`${s}\``;
  const lines = [`### Support changes: ${code(r.base)} → ${r.head === 'working tree' ? 'working tree' : code(r.head)}`, '', summary(r), ''];
  if (r.diff.renamed.length + r.diff.added.length + r.diff.removed.length > 0) {
    for (const x of r.diff.renamed) lines.push(`- renamed ${code(x.from)} → ${code(x.to)}`);
    for (const id of r.diff.added) lines.push(`- added ${code(id)}`);
    for (const id of r.diff.removed) lines.push(`- removed ${code(id)}`);
    lines.push('');
  }
  if (r.diff.changes.length > 0) {
    lines.push('| feature | variant | arch | before | after | sign-off | where |', '|---|---|---|---|---|---|---|');
    for (const c of r.diff.changes) {
      const ref = c.coverage?.covering?.signoff.ref;
      const link = ref === undefined ? undefined : markdownLink('review', ref);
      const review = link === undefined ? '' : ` (${link})`;
      const v = c.needsSignoff ? (c.coverage?.covering ? `✓ ${verdict(c, code)}${review}` : `✗ ${verdict(c, code)}`) : c.downgrade ? 'downgrade' : '';
      // The cell on its feature page, when the site's URL is known (a removed feature has no page).
      const page = r.siteUrl !== undefined && c.after !== undefined ? markdownLink(code(c.featureId), `${r.siteUrl}/features/${c.featureId}/#${cellAnchor(c.featureId, c.variant, c.arch)}`) : undefined;
      const place = c.file && c.place ? code(`${c.file}:${c.place.line}:${c.place.column}`) : '';
      lines.push(`| ${page ?? code(c.featureId)} | ${c.variant ?? ''} | ${c.arch} | ${esc(describeValue(c.before, r.project))} | ${esc(describeValue(c.after, r.project))} | ${esc(v)} | ${esc(place)} |`);
    }
  }
  if (r.governance.length > 0) {
    lines.push('', `#### Governance changes (${r.governance.length})`, '', 'A security-team member must review these; this check used the base\'s governance.', '', '| where | change |', '|---|---|');
    for (const d of r.governance) lines.push(`| ${code(at(d))} | ${esc(d.message)} |`);
  }
  if (r.signoffs.length > 0) {
    lines.push('', `#### New sign-offs (${r.signoffs.length})`, '', '| feature | entry | signature | covers |', '|---|---|---|---|');
    for (const n of r.signoffs) {
      const s = n.signoff;
      lines.push(`| ${code(n.feature)} | #${n.index + 1} ${esc(`${s.status} by ${s.by} on ${s.date}${s.variant !== undefined ? `, variant ${s.variant}` : ''}${s.claim ? `, claim ${Object.keys(s.claim.cells).join(', ')}` : ', no claim'}, review ${s.ref}`)} | ${n.signature === 'signed' ? 'signed' : n.signature === 'unsigned' ? '**unsigned**' : '**bad signature**'} | ${n.covers ? 'cells' : 'nothing'} |`);
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
  const governance = r.governance.map((d) => ({ file: d.file, line: d.line, column: d.column, messageId: d.messageId, message: d.message }));
  const signoffs = r.signoffs.map((n) => ({ feature: n.feature, index: n.index, by: n.signoff.by, date: n.signoff.date, status: n.signoff.status, variant: n.signoff.variant ?? null, arch: n.signoff.arch ?? null, ref: n.signoff.ref, claim: n.signoff.claim ?? null, signed: n.signature === 'signed', signature: n.signature, covers: n.covers, location: n.file && n.place ? { file: n.file, line: n.place.line, column: n.place.column } : null }));
  return JSON.stringify({ version: 1, base: r.base, head: r.head, added: r.diff.added, removed: r.diff.removed, renamed: r.diff.renamed, changes, unsigned: r.unsigned.length, governance, signoffs }, null, 2) + '\n';
}

/** GitHub Actions annotations: an error on each unsigned upgrade and governance change, a notice on each other change and new sign-off. */
export function formatDiffGithub(r: DiffResult): string {
  const checkout = (file: string): string => file.replace(/^[^:]+:/, '');
  const governance = r.governance.map((d) => `::error file=${property(checkout(d.file))},line=${d.line},col=${d.column},title=${property('governance change')}::${data(d.message)}\n`);
  const signoffs = r.signoffs.map((n) => `::notice ${n.file && n.place ? `file=${property(checkout(n.file))},line=${n.place.line},col=${n.place.column},` : ''}title=${property('new sign-off')}::${data(describeNew(n))}\n`);
  return r.diff.changes
    .map((c) => {
      const level = c.needsSignoff && !c.coverage?.covering ? 'error' : 'notice';
      // A head read from git shows files as `ref:path`; annotations need the path in the checkout.
      const at = c.file && c.place ? `file=${property(c.file.replace(/^[^:]+:/, ''))},line=${c.place.line},col=${c.place.column},` : '';
      const v = verdict(c);
      return `::${level} ${at}title=${property(`support change: ${where(c)}`)}::${data(`${describeValue(c.before, r.project)} → ${describeValue(c.after, r.project)}${v ? ` — ${v}` : ''}`)}\n`;
    })
    .concat(governance, signoffs)
    .join('');
}

/** Diff formatters by `--format` name. */
export const diffFormats: Record<string, (r: DiffResult) => string> = {
  text: formatDiffText,
  markdown: formatDiffMarkdown,
  json: formatDiffJson,
  github: formatDiffGithub,
};
