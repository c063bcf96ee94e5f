import { cellAnchor, rowAnchor } from '../render/anchors.js';
import { slug } from '../slug.js';

/**
 * Stable identifiers of features, rows and cells, used in every export so an
 * advisory (CSAF, VEX) or a downstream list can cite exactly what it means:
 *
 *   `<project>:<feature-id>[:<variant-id>][@<arch-id>]`
 *
 * and a release `<project>@<release name>` (the name percent-encoded as a
 * URI component, so `Kestrel 4.0 LTS` is `…@Kestrel%204.0%20LTS`), which no
 * feature's identifier can be: those have `:` right after the project.
 * Where a URI is needed (OpenEoX, CSAF's `x_generic_uris`), an identifier
 * is written as the URN `urn:support-matrix:<identifier>`.
 *
 * The parts cannot be confused: a project id is a slug (`a-z0-9-`), feature
 * ids are `/`-separated segments of `A-Za-z0-9._-`, variant ids are
 * `a-z0-9-`, and arch ids `A-Za-z0-9._-` (feature.schema.json and
 * project.schema.json): none may hold `:` or `@`. An identifier stays the
 * same for as long as the ids in the files do; a renamed feature keeps its
 * old id in `aliases`, which the site and the feeds follow.
 */

/** The project's part of every identifier: its name as a slug (`Kestrel Hypervisor` → `kestrel-hypervisor`). */
export function projectId(name: string): string {
  // Asked once per feature on every export: the last answer is kept (a corpus has one name).
  if (name !== lastName) {
    lastName = name;
    lastId = slug(name) || 'project';
  }
  return lastId;
}

let lastName: string | undefined;
let lastId = 'project';

/** `<project>:<feature>`, `<project>:<feature>:<variant>`, `…@<arch>`: a feature, a row or a cell. */
export function identifier(project: string, featureId: string, variant?: string | null, arch?: string): string {
  return `${project}:${featureId}${variant ? `:${variant}` : ''}${arch !== undefined ? `@${arch}` : ''}`;
}

/** `<project>@<release name, percent-encoded>`: a release. */
export function releaseIdentifier(project: string, release: string): string {
  return `${project}@${encodeURIComponent(release)}`;
}

/** The published site's URL with exactly one trailing `/`, for links under it. */
export function siteRoot(url: string): string {
  return url.replace(/\/?$/, '/');
}

/** A release's row on the site's Releases page (its anchor is `release-<name slug>`, as the page writes it). */
export function releaseUrl(base: string, name: string): string {
  return `${siteRoot(base)}releases/#release-${slug(name)}`;
}

/** An identifier as a URI: `urn:support-matrix:<identifier>`. */
export function identifierUrn(id: string): string {
  return `urn:support-matrix:${id}`;
}

/**
 * Where a feature, row or cell is shown: its feature page, with the row's or
 * cell's anchor. Relative to the site's root unless `base` (the published
 * site's URL) is given.
 */
export function identifierUrl(base: string | undefined, featureId: string, variant?: string | null, arch?: string): string {
  const root = base === undefined ? '' : siteRoot(base);
  const page = `${root}features/${featureId}/`;
  if (arch !== undefined) return `${page}#${cellAnchor(featureId, variant ?? undefined, arch)}`;
  if (variant) return `${page}#${rowAnchor(featureId, variant)}`;
  return page;
}
