import { counted } from '../../diagnostics.js';
import type { QueueEntry, SiteData } from '../../render/site-data.js';
import { markdownLink, tableCell } from '../formatters/markdown.js';
import { check } from './check.js';

/** Options of {@link signoffs}. */
export interface SignoffsOptions {
  cwd: string;
  dir?: string;
  today: string;
  /** Where the site is published, for links in the markdown format. */
  siteUrl?: string;
}

/** The security team's queue, as the sign-offs page shows it. */
export type Queue = SiteData['queue'] & { today: string; reviewAfterDays?: number; due: QueueEntry[]; siteUrl?: string };

/** Loads the corpus and returns the security team's queue. Findings of `check` do not stop it. */
export async function signoffs(options: SignoffsOptions): Promise<Queue> {
  const result = await check({ cwd: options.cwd, today: options.today, releases: false, ...(options.dir !== undefined ? { dir: options.dir } : {}) });
  // Imported here, not at the top: the site data pulls in the prose
  // renderer (unified), which every other command's start-up would pay for.
  const { siteDataOf } = await import('../../render/site-data.js');
  // The model check judged the corpus with: the same verdicts as the rules and the site.
  const site = siteDataOf(result.model, { today: options.today, prose: false });
  const queue: Queue = { ...site.queue, today: options.today, due: site.queue.signed.filter((e) => e.due) };
  if (site.project.policy.reviewAfterDays !== undefined) queue.reviewAfterDays = site.project.policy.reviewAfterDays;
  if (options.siteUrl !== undefined) queue.siteUrl = options.siteUrl.replace(/\/+$/, '');
  return queue;
}

function cell(e: QueueEntry): string {
  return `${e.feature.id}${e.row !== e.feature.title ? ` [${e.row}]` : ''} on ${e.arch}`;
}

/** Plain text for a terminal. */
export function formatQueueText(q: Queue): string {
  const lines = [
    `Security-team queue on ${q.today}: ${counted(q.open.length, 'cell needs', 'cells need')} a sign-off, ${counted(q.proposals.length, 'open proposal')}, ${counted(q.due.length, 'sign-off')} due for re-review, ${counted(q.signed.length, 'signed cell')}`,
  ];
  const section = (title: string, rows: string[]): void => {
    lines.push('', `${title} (${rows.length})`, ...(rows.length === 0 ? ['  none'] : rows.map((r) => `  ${r}`)));
  };
  section(
    'Needs a sign-off',
    q.open.map((e) => `${e.state.padEnd(8)} ${cell(e)}: ${e.status} — ${e.reasons.length === 0 ? 'no sign-off recorded' : e.reasons.join('; ')}${e.where ? ` (${e.where.file}:${e.where.line}:${e.where.column})` : ''}${e.command ? `; sign: ${e.command}` : ''}`),
  );
  section(
    'Proposals',
    q.proposals.map(({ feature, proposal }) => {
      const concerns = (proposal.concerns ?? []).map((c) => `${c.by} since ${c.date}${c.resolved ? `, resolved ${c.resolved}` : ', BLOCKING'}: ${c.concern}`);
      return `${feature.id} → ${proposal.status}${proposal.arch ? ` on ${proposal.arch}` : ''}${proposal.variant ? ` [${proposal.variant}]` : ''}${proposal.needs?.length ? `; needs: ${proposal.needs.join('; ')}` : ''}${concerns.length ? `; concerns: ${concerns.join('; ')}` : ''}`;
    }),
  );
  if (q.reviewAfterDays !== undefined) {
    section(
      `Due for re-review (older than ${q.reviewAfterDays} days)`,
      q.due.map((e) => `${cell(e)}: ${e.status}, signed by ${e.signedBy?.by ?? ''} on ${e.signedBy?.date ?? ''} (${e.signedBy?.ageDays ?? 0} days ago)`),
    );
  }
  section(
    'Revoked and stale sign-offs',
    q.history.map(({ feature, signoff: s }) =>
      s.revoked ? `revoked  ${feature.id} #${s.index + 1} by ${s.by} (${s.date}): revoked by ${s.revoked.by} on ${s.revoked.date}: ${s.revoked.reason}` : `stale    ${feature.id} #${s.index + 1} by ${s.by} (${s.date}) for ${s.status}`,
    ),
  );
  return lines.join('\n') + '\n';
}

/** Markdown tables, for an issue or a meeting agenda: every section of the text format, linked to the site when `siteUrl` is known. */
export function formatQueueMarkdown(q: Queue): string {
  const esc = tableCell;
  const feature = (f: QueueEntry['feature']): string => (q.siteUrl !== undefined ? `[\`${f.id}\`](${q.siteUrl}/${f.url})` : `\`${f.id}\``);
  const review = (ref: string): string => markdownLink('review', ref) ?? `\`${esc(ref)}\``;
  const lines = [`## Security-team queue, ${q.today}`, ''];
  lines.push(`### Needs a sign-off (${q.open.length})`, '', '| feature | row | arch | status | state | why | where | sign with |', '|---|---|---|---|---|---|---|---|');
  for (const e of q.open) {
    lines.push(`| ${feature(e.feature)} | ${esc(e.row)} | ${e.arch} | ${esc(e.status)} | ${e.state} | ${esc(e.reasons.join('; ') || 'no sign-off recorded')} | ${e.where ? `\`${e.where.file}:${e.where.line}:${e.where.column}\`` : ''} | ${e.command ? `\`${esc(e.command)}\`` : ''} |`);
  }
  lines.push('', `### Proposals (${q.proposals.length})`, '');
  for (const { feature, proposal } of q.proposals) {
    const blocking = (proposal.concerns ?? []).filter((c) => c.resolved === undefined).length;
    lines.push(`- \`${feature.id}\` → ${proposal.status}${proposal.arch ? ` on ${proposal.arch}` : ''}: ${blocking} blocking concern${blocking === 1 ? '' : 's'}${proposal.needs?.length ? `; needs: ${esc(proposal.needs.join('; '))}` : ''}`);
  }
  lines.push('', `### Due for re-review (${q.due.length})`, '', '| feature | row | arch | signed by | date | age (days) |', '|---|---|---|---|---|---|');
  for (const e of q.due) lines.push(`| ${feature(e.feature)} | ${esc(e.row)} | ${e.arch} | ${e.signedBy?.by ?? ''} | ${e.signedBy?.date ?? ''} | ${e.signedBy?.ageDays ?? 0} |`);
  lines.push('', `### Revoked and stale sign-offs (${q.history.length})`, '', '| feature | sign-off | by | date | status | state | review |', '|---|---|---|---|---|---|---|');
  for (const { feature: f, signoff: s } of q.history) {
    const state = s.revoked ? `revoked by ${s.revoked.by} on ${s.revoked.date}: ${s.revoked.reason}` : 'stale';
    lines.push(`| ${feature(f)} | #${s.index + 1} | ${s.by} | ${s.date} | ${esc(s.status)} | ${esc(state)} | ${review(s.ref)} |`);
  }
  return lines.join('\n') + '\n';
}

/** JSON: the whole queue. */
export function formatQueueJson(q: Queue): string {
  return JSON.stringify({ version: 1, ...q }, null, 2) + '\n';
}

/** Queue formatters by `--format` name. */
export const queueFormats: Record<string, (q: Queue) => string> = {
  text: formatQueueText,
  json: formatQueueJson,
  markdown: formatQueueMarkdown,
};
