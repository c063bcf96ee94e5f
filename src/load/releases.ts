import { hash } from 'node:crypto';
import path from 'node:path';
import { code, coreChecks, coreDiagnostic } from '../diagnostics.js';
import { pointer } from '../pointer.js';
import type { Baseline, BaselineEntry, Diagnostic, Feature, Project, ReleaseConfig } from '../types.js';
import { parseSource } from './source.js';
import { BASELINE_FILE, loadFeature, PROJECT_FILE, ROSTER_FILE } from './corpus.js';

const CONFIG_FILES = [PROJECT_FILE, ROSTER_FILE, BASELINE_FILE];
import { GitObjects, NotARepository, type Spawn } from './git.js';
import { featureFileText } from '../import/feature-file.js';
import { importSupportMd } from '../import/support-md.js';

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
  // The same file in several releases (most files, from one release to the
  // next) is parsed once: its parse is a function of its path and bytes
  // alone, and only the name it is shown under (`<ref>:<path>`) differs.
  // The releases then share one object per unchanged file, as `serve`
  // shares them between rebuilds (issue 16: 10 releases × 10,000 files).
  const parsed = new Map<string, { shown: string; result: ReturnType<typeof loadFeature> }>();
  const loadShared = (shown: string, rel: string, bytes: Buffer): ReturnType<typeof loadFeature> => {
    const key = `${rel}\0${hash('sha256', bytes, 'base64')}`;
    const hit = parsed.get(key);
    if (hit === undefined) {
      const result = loadFeature(shown, rel, bytes);
      parsed.set(key, { shown, result });
      return result;
    }
    if (hit.shown === shown) return hit.result;
    const { feature, diagnostics } = hit.result;
    return { ...(feature ? { feature: { ...feature, file: shown } } : {}), diagnostics: diagnostics.map((d) => (d.file === hit.shown ? { ...d, file: shown } : d)) };
  };
  try {
    const read = async (config: ReleaseConfig, at: string | undefined): Promise<LoadedRelease> => {
      if (config.format === 'support-md') return readLegacy(config, at);
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
        const loaded = loadShared(shown(rel), rel, bytes);
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
    /**
     * A release published as a classic SUPPORT.md before the project
     * migrated: the file at `ref:path`, converted in memory by the importer
     * with the project's arches, vocabulary and arch words. Its features are
     * shown at `ref:path` and the heading's line; every cell that needs a
     * sign-off is exempt as legacy (none was recorded then).
     */
    const readLegacy = async (config: ReleaseConfig, at: string | undefined): Promise<LoadedRelease> => {
      const file = config.path ?? 'SUPPORT.md';
      const spec = `${config.ref}:${file}`;
      const shownFile = `${options.refNames?.get(config.ref) ?? config.ref}:${file}`;
      const place = at === undefined ? { line: 1, column: 1 } : project.map.value(at);
      const object = await git.read(spec);
      if (object?.type !== 'blob') {
        const message = `Unexpected ref ${code(config.ref)} or path ${code(file)}: git finds no file \`${spec}\` for the legacy release \`${config.name}\`; create the tag or branch, or fix \`ref\` and \`path\` (relative to the repository root)`;
        result.diagnostics.push(coreDiagnostic(coreChecks.file, project.file, place, 'unknown-ref', message));
        return { config, features: [], found: false };
      }
      if (object.skipped) {
        result.diagnostics.push(coreDiagnostic(coreChecks.file, shownFile, { line: 1, column: 1 }, 'too-large', `Unexpected file of ${object.size} bytes in release \`${config.name}\`, over the limit of ${project.maxFileSize}`, 'warn'));
        return { config, features: [], found: false };
      }
      // The arches the statement covers: every feature states each of them explicitly, so any other arch of the project reads not applicable.
      const covered = config.architectures === undefined ? project.architectures : project.architectures.filter((a) => config.architectures?.includes(a.id));
      const imported = importSupportMd(object.content.toString('utf8'), {
        file: shownFile,
        release: config.name,
        ref: config.ref,
        architectures: covered,
        explicitArches: true,
        statuses: project.statuses,
        archWords: project.archWords,
      });
      for (const note of imported.notes.filter((n) => n.kind === 'unmapped')) {
        result.diagnostics.push(coreDiagnostic(coreChecks.file, shownFile, { line: note.line, column: note.column }, 'legacy-unmapped', `${note.message} (legacy release \`${config.name}\`, shown as written)`, 'warn'));
      }
      const features: Feature[] = [];
      for (const f of imported.features) {
        // Through the loader's schema, like any feature file: what the importer wrote must be a valid feature.
        const loaded = loadFeature(shownFile, f.path, Buffer.from(featureFileText(f.data, f.body)));
        for (const d of loaded.diagnostics) result.diagnostics.push({ ...d, file: shownFile, line: f.line, column: 1, severity: 'warn' as const });
        if (!loaded.feature) continue;
        // Every place in it is the statement's heading.
        const heading = { line: f.line, column: 1 };
        features.push({ ...loaded.feature, file: shownFile, map: { value: () => heading, key: () => heading } });
      }
      return { config, features, found: true, shownPrefix: shownFile, baseline: { file: shownFile, map: { value: () => ({ line: 1, column: 1 }), key: () => ({ line: 1, column: 1 }) }, exempt: [], legacy: true } };
    };
    for (const [i, config] of project.releases.entries()) result.releases.push(await read(config, pointer('releases', i, 'ref')));
    for (const ref of options.refs ?? []) result.refs.set(ref, await read({ name: ref, ref }, undefined));
  } finally {
    git.close();
  }
  return result;
}
