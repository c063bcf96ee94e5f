import { RELEASE_STATE_WORDS } from '../../model/vocabulary.js';
import { releaseUrl, siteRoot } from '../ids.js';
import { lastChanged, midnight, type Downstream, type DownstreamRelease } from './context.js';

/**
 * Release lifecycles in the shape of the endoflife.date API v1
 * (https://endoflife.date/docs/api/v1/, OpenAPI 1.2.1 at
 * endoflife-date/endoflife.date `api_v1/openapi.yml`): a product response
 * (`ProductResponse`) and one release response per release
 * (`ProductReleaseResponse`), written where that API serves them
 * (`api/v1/products/<product>/` and `…/releases/<release>/`, each an
 * `index.json`), so a client of endoflife.date reads ours unchanged.
 *
 * The mapping (README, "For downstreams"):
 * - `releaseDate` ← initial release; `eoasFrom` ← supported until (end of
 *   active support); `eolFrom` ← security support until (end of life:
 *   nothing is fixed after it). Both are the last day, as in endoflife.date,
 *   where `isEol` is true from the day after `eolFrom`.
 * - A date that is TBD or that nothing states is `null` with its boolean
 *   false. There is no extended-support or LTS phase: `isEoes`/`eoesFrom`
 *   are left out (the API's rule for products without that phase), `isLts`
 *   is false.
 * - `isMaintained`: some phase is not over (the API's rule).
 * - `latest`: null; project.yml names releases, not their point releases.
 * - `custom`: our own fields, as strings (the API's `UnknownProperties`).
 * - A release whose initial release is TBD has no `releaseDate`, which the
 *   API requires: it is left out of this shape until it has one (it is in
 *   every other export).
 */

/** The version of the endoflife.date API description this shape follows. */
export const ENDOFLIFE_SCHEMA_VERSION = '1.2.1';

/** One release cycle (`ProductRelease`). */
export interface EolRelease {
  name: string;
  codename: null;
  label: string;
  releaseDate: string;
  isLts: false;
  ltsFrom: null;
  isEoas: boolean;
  eoasFrom: string | null;
  isEol: boolean;
  eolFrom: string | null;
  isMaintained: boolean;
  latest: null;
  custom: Record<string, string | null>;
}

/** A release with a known initial release, as endoflife.date can show it. */
function released(r: DownstreamRelease): r is DownstreamRelease & { initialRelease: string } {
  return r.initialRelease !== undefined;
}

function eolRelease(d: Downstream, r: DownstreamRelease & { initialRelease: string }): EolRelease {
  // Over from the day after the last day; a date not known is never over.
  const over = (last: string | undefined): boolean => last !== undefined && d.asOf > last;
  const isEoas = over(r.supportedUntil);
  const isEol = over(r.securitySupportUntil);
  return {
    name: r.name,
    codename: null,
    label: r.name,
    releaseDate: r.initialRelease,
    isLts: false,
    ltsFrom: null,
    isEoas,
    eoasFrom: r.supportedUntil ?? null,
    isEol,
    eolFrom: r.securitySupportUntil ?? null,
    isMaintained: !isEoas || !isEol,
    latest: null,
    custom: {
      state: RELEASE_STATE_WORDS[r.state],
      provisional: String(r.provisional),
      ref: r.ref,
      supportedUntilSource: r.supportedSource,
      securitySupportUntilSource: r.securitySource,
      identifier: r.identifier,
      url: d.siteUrl === undefined ? null : releaseUrl(d.siteUrl, r.name),
    },
  };
}


/** Newest first, as endoflife.date lists them; equal dates in project.yml's order. */
function eolReleases(d: Downstream): Array<DownstreamRelease & { initialRelease: string }> {
  return d.releases
    .map((r, order) => ({ r, order }))
    .filter((x): x is { r: DownstreamRelease & { initialRelease: string }; order: number } => released(x.r))
    .sort((a, b) => (a.r.initialRelease < b.r.initialRelease ? 1 : a.r.initialRelease > b.r.initialRelease ? -1 : a.order - b.order))
    .map((x) => x.r);
}

/** The response envelope; `modified` is {@link lastChanged}, passed in by a caller writing several responses. */
function envelope(d: Downstream, result: unknown, modified: string): string {
  return `${JSON.stringify({ schema_version: ENDOFLIFE_SCHEMA_VERSION, generated_at: midnight(d.asOf), last_modified: midnight(modified), result }, null, 2)}\n`;
}

/** The product response (`api/v1/products/<product>/`). */
export function endoflifeProduct(d: Downstream, modified = lastChanged(d)): string {
  const base = d.siteUrl === undefined ? undefined : siteRoot(d.siteUrl);
  return envelope(d, {
    name: d.project,
    label: d.projectName,
    aliases: [],
    category: 'app',
    tags: ['app'],
    versionCommand: null,
    // The project's own identifier in our scheme (README, "Stable identifiers").
    identifiers: [{ id: d.project, type: 'support-matrix' }],
    labels: { eoas: 'Supported', discontinued: null, eol: 'Security support', eoes: null },
    links: { icon: null, html: base ?? d.repository ?? `urn:support-matrix:${d.project}`, releasePolicy: base === undefined ? null : `${base}releases/` },
    releases: eolReleases(d).map((r) => eolRelease(d, r)),
  }, modified);
}

/** The release response of the release with this slug (`…/releases/<slug>/`); undefined when it has no initial release date. */
export function endoflifeRelease(d: Downstream, slug: string, modified = lastChanged(d)): string | undefined {
  const r = d.releases.find((x) => x.slug === slug);
  if (!r) throw new Error(`no release has the slug ${slug}`);
  return released(r) ? envelope(d, eolRelease(d, r), modified) : undefined;
}

/** The newest release out on the build date (`…/releases/latest/`), if any. */
export function endoflifeLatest(d: Downstream, modified = lastChanged(d)): string | undefined {
  const latest = eolReleases(d).find((r) => r.initialRelease <= d.asOf);
  return latest ? envelope(d, eolRelease(d, latest), modified) : undefined;
}

/**
 * Each release's path segment under `…/releases/`, by slug: its name as
 * endoflife.date writes it (`/` as `-`: `1.0`, `releng-14.0`), so a client
 * that asks for `releases/<name>/` finds it; the release's slug instead
 * when that name is not a plain segment (letters, digits, `.`, `_`, `-`,
 * starting with a letter or digit), is `latest` (the API's alias) in any
 * case, or is another release's already.
 */
export function endoflifeSegments(d: Downstream): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>(['latest']);
  for (const r of d.releases) {
    const name = r.name.replaceAll('/', '-');
    let segment = /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) && !taken.has(name.toLowerCase()) ? name : r.slug;
    for (let k = 2; taken.has(segment.toLowerCase()); k++) segment = `${r.slug}-${k}`;
    taken.add(segment.toLowerCase());
    out.set(r.slug, segment);
  }
  return out;
}

/** A file of the shape: `release` is the slug of the release it is; `latest` marks the alias. */
export interface EndoflifeFile {
  path: string;
  content: string;
  release?: string;
  latest?: true;
}

/**
 * Every file of the shape, by path under `exports/`: the product, each
 * release with an initial release date (at {@link endoflifeSegments}), and
 * `latest`, the newest release out.
 */
export function endoflifeFiles(d: Downstream, modified = lastChanged(d)): EndoflifeFile[] {
  const root = `api/v1/products/${d.project}`;
  const segments = endoflifeSegments(d);
  const files: EndoflifeFile[] = [{ path: `${root}/index.json`, content: endoflifeProduct(d, modified) }];
  for (const r of d.releases) {
    const content = endoflifeRelease(d, r.slug, modified);
    if (content !== undefined) files.push({ path: `${root}/releases/${segments.get(r.slug) ?? r.slug}/index.json`, content, release: r.slug });
  }
  const latest = endoflifeLatest(d, modified);
  if (latest !== undefined) files.push({ path: `${root}/releases/latest/index.json`, content: latest, latest: true });
  return files;
}
