import path from 'node:path';
import { code, coreChecks, coreDiagnostic } from '../diagnostics.js';
import { pointer } from '../pointer.js';
import type { Baseline, BaselineEntry, Diagnostic, Feature, Project, ReleaseConfig } from '../types.js';
import { parseSource } from './source.js';
import { BASELINE_FILE, loadFeature, PROJECT_FILE, ROSTER_FILE } from './corpus.js';

const CONFIG_FILES = [PROJECT_FILE, ROSTER_FILE, BASELINE_FILE];
import { GitObjects, NotARepository, type Spawn } from './git.js';

/** One release's features, read from git. */
export interface LoadedRelease {
  config: ReleaseConfig;
  /** Schema-valid features at the release's ref. */
  features: Feature[];
  /** Whether the ref was found. */
  found: boolean;
  /** The tree's own project.yml, security-team.yml and signoff-baseline.yml, as bytes, when present. */
  configFiles?: Map<string, Buffer>;
  /** Path prefix shown for the tree's files (`ref:path/`). */
  shownPrefix?: string;
  /** The tree's own signoff-baseline.yml, when it has one that is valid. */
  baseline?: Baseline;
}

/** Options of {@link loadReleases}. */
export interface ReleaseLoadOptions {
  /** Directory that displayed paths are relative to. */
  cwd: string;
  /** `spawn` to start git with; tests count processes through it. */
  spawn?: Spawn;
  /** Extra refs to read besides the configured releases (for `diff`). */
  refs?: string[];
  /** How to show an extra ref in file names (`origin/main:features/…`) when `refs` holds the commit it was resolved to. */
  refNames?: ReadonlyMap<string, string>;
}

/** Releases read from git, and what went wrong reading them. */
export interface LoadedReleases {
  releases: LoadedRelease[];
  /** Extra refs by name, when asked for. */
  refs: Map<string, LoadedRelease>;
  /**
   * A missing ref is an error on project.yml; problems inside a release's
   * files are warnings located as `ref:path:line:column` — history cannot be
   * edited, so they never fail a build.
   */
  diagnostics: Diagnostic[];
}

/** The same files the working-tree loader reads: `*.md` outside dot-directories and `node_modules`, and the config files at the top. */
function wanted(rel: string, directory: boolean): boolean {
  if (!directory && CONFIG_FILES.includes(rel)) return true;
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  if (name.startsWith('.') || name === 'node_modules') return false;
  return directory || name.endsWith('.md');
}

/**
 * Reads `features/` at every release's ref straight from git, without a
 * checkout, through one `git cat-file --batch` process, and loads each
 * release's feature files like the working tree's.
 */
export async function loadReleases(root: string, project: Project, options: ReleaseLoadOptions): Promise<LoadedReleases> {
  const result: LoadedReleases = { releases: [], refs: new Map(), diagnostics: [] };
  if (project.releases.length === 0 && (options.refs ?? []).length === 0) return result;
  let git: GitObjects;
  try {
    git = await GitObjects.open(root, options.spawn, project.maxFileSize);
  } catch (error) {
    if (!(error instanceof NotARepository)) throw error;
    result.diagnostics.push(
      coreDiagnostic(coreChecks.file, project.file, project.map.value('/releases'), 'no-repository', `Releases not read: ${path.relative(options.cwd, root) || '.'} is not in a git repository; run from a clone`, 'warn'),
    );
    return result;
  }
  try {
    const read = async (config: ReleaseConfig, at: string | undefined): Promise<LoadedRelease> => {
      const spec = git.location.prefix === '' ? `${config.ref}^{tree}` : `${config.ref}:${git.location.prefix}`;
      const tree = await git.readFiles(spec, wanted);
      if (!tree) {
        const message = `Unexpected ref ${code(config.ref)} that git cannot find with a features directory (\`${spec}\`); create the tag or branch, or fix \`ref\``;
        result.diagnostics.push(coreDiagnostic(coreChecks.file, project.file, at === undefined ? { line: 1, column: 1 } : project.map.value(at), 'unknown-ref', message));
        return { config, features: [], found: false };
      }
      const shown = (rel: string): string => `${options.refNames?.get(config.ref) ?? config.ref}:${path.posix.join(git.location.prefix, rel)}`;
      const features: Feature[] = [];
      // Read past by git's reader, never held in memory.
      for (const [rel, size] of tree.tooLarge) {
        result.diagnostics.push(coreDiagnostic(coreChecks.file, shown(rel), { line: 1, column: 1 }, 'too-large', `Unexpected file of ${size} bytes in release \`${config.name}\`, over the limit of ${project.maxFileSize}`, 'warn'));
      }
      for (const rel of tree.skipped.filter((p) => p.endsWith('.md'))) {
        result.diagnostics.push(coreDiagnostic(coreChecks.file, shown(rel), { line: 1, column: 1 }, 'not-a-file', `Unexpected symlink or submodule named like a feature file in release \`${config.name}\`; it was not read`, 'warn'));
      }
      const configFiles = new Map<string, Buffer>();
      for (const name of CONFIG_FILES) {
        const bytes = tree.files.get(name);
        if (bytes !== undefined) configFiles.set(name, bytes);
        tree.files.delete(name);
      }
      const files = [...tree.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (files.length > project.maxFiles) {
        result.diagnostics.push(
          coreDiagnostic(coreChecks.file, project.file, at === undefined ? { line: 1, column: 1 } : project.map.value(at), 'too-many-files', `Unexpected number of feature files in release \`${config.name}\`: ${files.length}, over the limit of ${project.maxFiles}; only the first ${project.maxFiles} were read`, 'warn'),
        );
        files.length = project.maxFiles;
      }
      for (const [rel, bytes] of files) {
        const loaded = loadFeature(shown(rel), rel, bytes);
        for (const d of loaded.diagnostics) result.diagnostics.push({ ...d, severity: 'warn' as const });
        if (loaded.feature) features.push(loaded.feature);
      }
      const release: LoadedRelease = { config, features, found: true, configFiles, shownPrefix: shown('') };
      const baselineBytes = configFiles.get(BASELINE_FILE);
      if (baselineBytes !== undefined) {
        const source = parseSource('baseline', shown(BASELINE_FILE), baselineBytes);
        for (const d of source.diagnostics) result.diagnostics.push({ ...d, severity: 'warn' as const });
        if (source.value !== undefined) release.baseline = { file: shown(BASELINE_FILE), map: source.map, exempt: (source.value as { exempt: BaselineEntry[] }).exempt };
      }
      return release;
    };
    for (const [i, config] of project.releases.entries()) result.releases.push(await read(config, pointer('releases', i, 'ref')));
    for (const ref of options.refs ?? []) result.refs.set(ref, await read({ name: ref, ref }, undefined));
  } finally {
    git.close();
  }
  return result;
}
