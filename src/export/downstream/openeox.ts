import { lastChanged, midnight, type Downstream, type DownstreamRelease } from './context.js';
import { identifierUrn, siteRoot } from '../ids.js';

/**
 * Release lifecycles as OASIS OpenEoX statements
 * (https://github.com/oasis-tcs/openeox): the EoX Core 1.0 object
 * (`end_of_life`, `end_of_security_support`, `general_availability`,
 * `last_updated`) inside the EoX Shell's product shell, one statement per
 * release, for a software product named after the project with the
 * release as its version.
 *
 * The mapping (README, "For downstreams"):
 * - `general_availability` ← initial release; `end_of_security_support` ←
 *   security support until; `end_of_life` ← the later of supported until
 *   and security support until (the last day of any support). Start dates
 *   are midnight UTC of the day, end dates the last second of the last day.
 * - A date that is TBD, or that nothing states, is `tba` (Core's "to be
 *   announced"); a provisional date is given as it stands (the JSON export
 *   and the endoflife.date shape's `custom.provisional` say it is).
 * - `last_updated`: when the statements last changed (`lastChanged`).
 * - `product_identification_helper` (CSAF 2.1's) carries the release's
 *   stable identifier as an `x_generic_uris` entry, as a URN, in the
 *   namespace of the project's site (or repository) where it is valid.
 *
 * The Shell and the product schemas are still drafts (their `$id`s say
 * `tbd`); Core is 1.0. The URIs below are the ones those schemas require.
 */

export const OPENEOX_SHELL = 'https://docs.oasis-open.org/openeox/tbd/schema/shell.json';
export const OPENEOX_CORE = 'https://docs.oasis-open.org/openeox/v1.0/schema/core.json';
export const OPENEOX_PRODUCT_SOFTWARE = 'https://docs.oasis-open.org/openeox/tbd/schema/product_software.json';

const end = (date: string | undefined): string => (date === undefined ? 'tba' : `${date}T23:59:59Z`);

/** The later of two last days; `undefined` (not known) when either is. */
function later(a: string | undefined, b: string | undefined): string | undefined {
  return a === undefined || b === undefined ? undefined : a > b ? a : b;
}

function statement(d: Downstream, r: DownstreamRelease, updated: string): unknown {
  const core: Record<string, string> = {
    $schema: OPENEOX_CORE,
    end_of_life: end(later(r.supportedUntil, r.securitySupportUntil)),
    end_of_security_support: end(r.securitySupportUntil),
    general_availability: r.initialRelease === undefined ? 'tba' : midnight(r.initialRelease),
    last_updated: updated,
  };
  return {
    core,
    product: { $schema: OPENEOX_PRODUCT_SOFTWARE, product_name: d.projectName, product_version: r.name, vendor_name: d.projectName },
    product_identification_helper: { x_generic_uris: [{ namespace: namespaceOf(d), uri: identifierUrn(r.identifier) }] },
  };
}

/** Where the project's identifiers are valid: its published site, else its repository, else its own URN. */
export function namespaceOf(d: Downstream): string {
  return (d.siteUrl === undefined ? undefined : siteRoot(d.siteUrl)) ?? d.repository ?? identifierUrn(d.project);
}

/**
 * The shell with a statement for the release with this slug, or for every
 * release of project.yml; undefined when there is none (the shell needs at
 * least one statement). `changed` is {@link lastChanged}, passed in by a
 * caller writing several shells.
 */
export function openEox(d: Downstream, slug?: string, changed = lastChanged(d)): string | undefined {
  const chosen = slug === undefined ? d.releases : d.releases.filter((r) => r.slug === slug);
  if (slug !== undefined && chosen.length === 0) throw new Error(`no release has the slug ${slug}`);
  if (chosen.length === 0) return undefined;
  const updated = midnight(changed);
  return `${JSON.stringify({ $schema: OPENEOX_SHELL, statements: chosen.map((r) => statement(d, r, updated)) }, null, 2)}\n`;
}
