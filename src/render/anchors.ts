import { slug } from '../slug.js';

/** Fragment ids of the site's pages, made in one place: the pages write them, `diff` and `signoffs` link to them. */

/** A feature's row on the matrix and the top of its support table: `f-<feature slug>`. */
export function featureAnchor(featureId: string): string {
  return `f-${slug(featureId)}`;
}

/** A row: the feature's own (`f-<feature slug>`) or a variant's (`…--<variant id>`). */
export function rowAnchor(featureId: string, variant: string | undefined): string {
  return variant === undefined ? featureAnchor(featureId) : `${featureAnchor(featureId)}--${variant}`;
}

/** A cell: its row's anchor and `--<arch slug>`. */
export function cellAnchor(featureId: string, variant: string | undefined, arch: string): string {
  return `${rowAnchor(featureId, variant)}--${slug(arch)}`;
}
