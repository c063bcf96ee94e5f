import { code } from '../diagnostics.js';
import { slug } from '../slug.js';
import { DEFAULT_ARCH_WORDS, DEFAULT_BLOCKERS_EXPECTED_FOR, DEFAULT_SIGNOFF_REQUIRED_FOR, defaultAdvisories, defaultArchitectures, defaultStatuses } from '../model/vocabulary.js';
import type { AdvisoryScheme, Lifecycle, Member, Organisation, Policy, Project, ReleaseConfig, Roster, Section, SeveritySetting, SourceMap, StatusDefinition } from '../types.js';

export { defaultAdvisories, defaultArchitectures, defaultStatuses } from '../model/vocabulary.js';

/** Default largest feature file: 1 MiB. */
export const defaultMaxFileSize = 1024 * 1024;
/** Default `limits.max-files`: five times the largest corpus benchmarked. */
export const defaultMaxFiles = 50_000;
/** Default `site.rows-per-page`: a page of three arches stays near 0.6 MB and filters in Chromium in about 0.1 s at worst, and a matrix of the size of Xen's (≈ 200 rows) stays on one page. */
export const defaultRowsPerPage = 300;

interface RawProject {
  name: string;
  repository?: string;
  branch?: string;
  'edit-url'?: string;
  'propose-url'?: string;
  architectures?: Array<{ id: string; name?: string; description?: string }>;
  statuses?: StatusDefinition[];
  sections?: Array<string | Section>;
  'security-organisations'?: Organisation[];
  advisories?: AdvisoryScheme[];
  'arch-words'?: Array<{ word: string; arch: string }>;
  policy?: {
    'signoff-required-for'?: string[];
    'signoff-required-when-security-supported'?: boolean;
    'review-after-days'?: number;
    'blockers-expected-for'?: string[];
    'require-signed-signoffs'?: boolean;
  };
  rules?: Record<string, SeveritySetting>;
  limits?: { 'max-file-size'?: number; 'max-files'?: number };
  site?: { 'rows-per-page'?: number; badges?: Project['badges'] };
  lifecycle?: Lifecycle;
  releases?: ReleaseConfig[];
}

/** Applies defaults to a schema-valid project.yml value. */
export function toProject(value: unknown, file: string, map: SourceMap): Project {
  const raw = value as RawProject;
  const policy: Policy = {
    signoffRequiredFor: raw.policy?.['signoff-required-for'] ?? [...DEFAULT_SIGNOFF_REQUIRED_FOR],
    signoffRequiredWhenSecuritySupported: raw.policy?.['signoff-required-when-security-supported'] ?? false,
    blockersExpectedFor: raw.policy?.['blockers-expected-for'] ?? [...DEFAULT_BLOCKERS_EXPECTED_FOR],
    requireSignedSignoffs: raw.policy?.['require-signed-signoffs'] ?? false,
  };
  const review = raw.policy?.['review-after-days'];
  if (review !== undefined) policy.reviewAfterDays = review;
  const project: Project = {
    file,
    map,
    name: raw.name,
    branch: raw.branch ?? 'main',
    architectures: raw.architectures?.map((a) => ({ ...a, name: a.name ?? a.id })) ?? defaultArchitectures,
    statuses: raw.statuses ?? defaultStatuses,
    sections: (raw.sections ?? []).map((s) => (typeof s === 'string' ? { name: s } : s)),
    organisations: raw['security-organisations'] ?? [],
    advisories: raw.advisories ?? defaultAdvisories,
    archWords: raw['arch-words'] ?? [],
    policy,
    rules: raw.rules ?? {},
    maxFileSize: raw.limits?.['max-file-size'] ?? defaultMaxFileSize,
    maxFiles: raw.limits?.['max-files'] ?? defaultMaxFiles,
    rowsPerPage: raw.site?.['rows-per-page'] ?? defaultRowsPerPage,
    badges: raw.site?.badges ?? 'auto',
    lifecycle: raw.lifecycle ?? {},
    releases: raw.releases ?? [],
  };
  // The default table, for the arches the project has: an entry for another is never used, and is no mistake of the project's.
  if (raw['arch-words'] === undefined) project.archWords = DEFAULT_ARCH_WORDS.filter((e) => project.architectures.some((a) => a.id === e.arch));
  if (raw.repository !== undefined) project.repository = raw.repository;
  const edit = raw['edit-url'] ?? defaultEditUrl(raw.repository);
  if (edit !== undefined) project.editUrl = edit;
  if (raw['propose-url'] !== undefined) project.proposeUrl = raw['propose-url'];
  return project;
}

/** Edit links for hosts whose URL scheme is known; others need `edit-url` in project.yml. */
function defaultEditUrl(repository: string | undefined): string | undefined {
  if (repository === undefined) return undefined;
  const base = repository.replace(/\.git$/, '').replace(/\/+$/, '');
  if (/^https:\/\/github\.com\//.test(base)) return `${base}/edit/{branch}/{path}`;
  if (/^https:\/\/gitlab\.com\//.test(base)) return `${base}/-/edit/{branch}/{path}`;
  return undefined;
}

/** Converts a schema-valid security-team.yml value. */
export function toRoster(value: unknown, file: string, map: SourceMap): Roster {
  const raw = value as { team?: string; contact?: string; members: Member[] };
  const roster: Roster = { file, map, members: raw.members };
  if (raw.team !== undefined) roster.team = raw.team;
  if (raw.contact !== undefined) roster.contact = raw.contact;
  return roster;
}

/**
 * Names that become paths of the site and its exports (`arch/<id>/`,
 * `releases/<name>/`, `exports/releases/<name>/`) must give distinct, non-empty
 * paths: otherwise one page or export replaces another's, or the build
 * stops. Checked when project.yml is read, so no rule setting can turn it
 * off. Returns the offending entries, by JSON pointer, with a message.
 */
export function pathCollisions(project: Project): Array<{ pointer: string; messageId: string; message: string }> {
  const out: Array<{ pointer: string; messageId: string; message: string }> = [];
  const claim = (kind: string, names: readonly string[], pathOf: (name: string) => string, pointerOf: (i: number) => string): void => {
    const seen = new Map<string, string>();
    names.forEach((name, i) => {
      const key = pathOf(name);
      const first = seen.get(key);
      if (key === '') out.push({ pointer: pointerOf(i), messageId: 'no-path', message: `Unexpected ${kind} ${code(name)} with no letter or digit, which gives its pages and exports no path; name it with letters or digits` });
      else if (first !== undefined) out.push({ pointer: pointerOf(i), messageId: 'same-path', message: `Unexpected ${kind} ${code(name)}, which gives the same path as ${code(first)}: one's pages and exports would replace the other's; give each its own` });
      else seen.set(key, name);
    });
  };
  claim('architecture id', project.architectures.map((a) => a.id), (id) => id.toLowerCase(), (i) => `/architectures/${i}/id`);
  claim('release name', project.releases.map((r) => r.name), slug, (i) => `/releases/${i}/name`);
  return out;
}
