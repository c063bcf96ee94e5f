import { documentOf, type ExportDocument, type ExportRelease } from '../document.js';
import { projectId } from '../ids.js';
import type { Model } from '../../model/resolve.js';
import { addDays, type ReleaseDates } from '../../model/releases.js';

/** A release as the downstream formats see it: its export entry, its path segment and where its end dates came from. */
export interface DownstreamRelease extends ExportRelease {
  /** Its path segment on the site and in the exports (`releases/<slug>/`). */
  slug: string;
  /** `tbd` when project.yml says `TBD`, `lifecycle` when counted from the policy, `none` when nothing says. */
  supportedSource: ReleaseDates['supportedSource'];
  securitySource: ReleaseDates['securitySource'];
  /** Its features as read from git (its export document), when they were read. */
  document?: ExportDocument;
}

/** What every downstream format is made from: one resolved model, exported once. */
export interface Downstream {
  /** The project's name as written in project.yml. */
  projectName: string;
  /** The project's part of every identifier ({@link projectId}). */
  project: string;
  repository?: string;
  /** Base URL of the published site, when known (`--site-url`): links become absolute. */
  siteUrl?: string;
  /** The build date (`--today`): release states, `generated_at`, what is upcoming. */
  asOf: string;
  /** In project.yml's order. */
  releases: DownstreamRelease[];
  /** The working tree's export document. */
  current: ExportDocument;
  /** `policy.review-after-days`: a sign-off is due for review once it is more than this many days old. */
  reviewAfterDays?: number;
}

/** The downstream view of a model: its working tree's document (given, when the caller made it already) and every release's. */
export function downstreamOf(model: Model, options: { document?: ExportDocument; revision?: string; siteUrl?: string } = {}): Downstream {
  const current = options.document ?? documentOf(model, options.revision !== undefined ? { revision: options.revision } : {});
  const releases = model.releases.slice(0, current.releases.length).map((release, i): DownstreamRelease => {
    const entry = current.releases[i];
    if (!entry || entry.name !== release.config.name) throw new Error(`release ${release.config.name} is not the export's release ${i}`);
    const out: DownstreamRelease = { ...entry, slug: release.slug, supportedSource: release.dates.supportedSource, securitySource: release.dates.securitySource };
    if (release.tree) out.document = documentOf(model, { release });
    return out;
  });
  const out: Downstream = { projectName: model.project.name, project: projectId(model.project.name), asOf: model.today, releases, current };
  if (model.project.repository !== undefined) out.repository = model.project.repository;
  if (options.siteUrl !== undefined) out.siteUrl = options.siteUrl;
  if (model.project.policy.reviewAfterDays !== undefined) out.reviewAfterDays = model.project.policy.reviewAfterDays;
  return out;
}

/** Midnight UTC of a `YYYY-MM-DD` day, as an RFC 3339 timestamp (`2026-06-01T00:00:00Z`). */
export function midnight(date: string): string {
  return `${date}T00:00:00Z`;
}

/**
 * When the statements last changed, as of the build date: the newest date
 * on or before `asOf` among the releases' dates (a release changes state on
 * them), the sign-offs and their revocations. Never the clock, so the same
 * sources give the same value on every machine; `asOf` when nothing is dated.
 */
export function lastChanged(d: Downstream): string {
  let newest: string | undefined;
  const consider = (date: string | undefined): void => {
    if (date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date) && date <= d.asOf && (newest === undefined || date > newest)) newest = date;
  };
  for (const r of d.releases) {
    consider(r.initialRelease);
    // The day after the last day: the state changes then.
    if (r.supportedUntil !== undefined) consider(addDays(r.supportedUntil, 1));
    if (r.securitySupportUntil !== undefined) consider(addDays(r.securitySupportUntil, 1));
  }
  for (const f of d.current.features) {
    for (const s of f.signoffs) {
      consider(s.date);
      consider(s.revoked?.date);
    }
  }
  return newest ?? d.asOf;
}
