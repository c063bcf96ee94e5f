import { createHash } from 'node:crypto';

/** The schemas shipped in `schema/`. */
export const SCHEMA_NAMES = ['feature', 'project', 'security-team', 'baseline'] as const;

/** How every schema is compiled: at run time, or ahead of time by scripts/compile-schemas.js. */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true } as const;

/** A schema's export in the compiled module (`security-team` → `security_team`). */
export function exportName(name: string): string {
  return name.replace(/-/g, '_');
}

/** The hash of the schema files' texts, in {@link SCHEMA_NAMES} order, that ties compiled validators to their sources. */
export function schemaHash(texts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(`${text.length}\n${text}`);
  return hash.digest('hex');
}
