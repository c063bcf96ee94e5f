import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's own directory (where package.json, schema/ and site/ are), from src/ or dist/ alike. */
export const packageRoot = fileURLToPath(new URL('../', import.meta.url));

/**
 * A file of the package (`schema/project.schema.md`) as a path a reader at
 * `cwd` can open: `schema/…` in a clone of support-matrix,
 * `node_modules/support-matrix/schema/…` in a project that installed it.
 */
export function packageFile(rel: string, cwd: string): string {
  return path.relative(cwd, path.join(packageRoot, rel)).split(path.sep).join('/');
}
