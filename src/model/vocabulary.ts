// The vocabulary of the tool, defined once: default arches and statuses,
// the words that name an arch in imported text, how each reading and each
// level of security support reads, the id and advisory patterns. The
// loader, the model, every view and export, and the importers import it.
import type { AdvisoryScheme, Arch, SecuritySupport, StatusDefinition } from '../types.js';
import type { ReleaseState } from './releases.js';

/** Default architecture columns. */
export const defaultArchitectures: Arch[] = [
  { id: 'x86', name: 'x86' },
  { id: 'arm', name: 'Arm' },
];

/** Default status vocabulary, least to most mature, then retiring. */
export const defaultStatuses: StatusDefinition[] = [
  {
    name: 'Experimental',
    description: 'Under development; may crash or change without notice.',
    'functional-completeness': 'No',
    'functional-stability': 'Here be dragons',
    'interface-stability': 'Not stable',
    'security-supported': false,
  },
  {
    name: 'Tech Preview',
    description: 'Complete enough to try; not yet for production.',
    'functional-completeness': 'Yes',
    'functional-stability': 'Quirky',
    'interface-stability': 'Provisionally stable',
    'security-supported': false,
  },
  {
    name: 'Supported',
    description: 'Ready for production use, with security support.',
    'functional-completeness': 'Yes',
    'functional-stability': 'Normal',
    'interface-stability': 'Stable',
    'security-supported': true,
  },
  {
    name: 'Deprecated',
    description: 'Still supported, but will be removed in a future release.',
    'functional-completeness': 'Yes',
    'functional-stability': 'Quirky',
    'interface-stability': 'No (may disappear in the next release)',
    'security-supported': true,
  },
  {
    name: 'Obsolete',
    description: 'No longer supported; kept for the record.',
    'functional-completeness': 'No',
    'functional-stability': 'Unmaintained',
    'interface-stability': 'None',
    'security-supported': false,
  },
];

/** Default advisory schemes besides CVE. */
export const defaultAdvisories: AdvisoryScheme[] = [{ prefix: 'XSA', url: 'https://xenbits.xen.org/xsa/advisory-{n}.html' }];

/** The policy's defaults: the statuses that need a security-team sign-off, and those whose features should say what blocks an upgrade. */
export const DEFAULT_SIGNOFF_REQUIRED_FOR: readonly string[] = ['Supported'];
export const DEFAULT_BLOCKERS_EXPECTED_FOR: readonly string[] = ['Experimental', 'Tech Preview'];

/**
 * Words that name an architecture at the start of a qualifier or heading in
 * imported text, by arch id. `exact` is the arch's own name; the other words
 * (`x86_64`, `Arm64`, `aarch64`, `amd64`, `i686`) name it or a sub-arch.
 */
export const ARCH_WORDS: ReadonlyArray<{ id: string; pattern: RegExp; exact: RegExp }> = [
  { id: 'x86', pattern: /^(?:x86(?:[-_]?(?:32|64))?|amd64|i[3-6]86)(?![\w-])/i, exact: /^x86$/i },
  { id: 'arm', pattern: /^(?:arm(?:v\d+(?:-[ar])?|32|64)?|aarch(?:32|64))(?![\w-])/i, exact: /^arm$/i },
];

/** Vendor names written before an arch (`Intel x86`, `AMD x86`): the arch is the word after them. */
export const ARCH_VENDORS = /^(?:intel|amd|hygon|zhaoxin|via)\s+/i;

/** Words that name every architecture of the project (`all`, `all architectures`, `all arches`, `all supported architectures`, `any arch`). */
export const ALL_ARCHES = /^(?:all|any|every)(?:\s+(?:supported\s+)?(?:arch(?:itecture)?s?|arches))?$/i;

/** The arch a text starts with ({@link ARCH_WORDS}), whether it is the arch's own name, and the rest of the text. */
export function archWord(text: string): { id: string; exact: boolean; rest: string } | undefined {
  for (const arch of ARCH_WORDS) {
    const match = arch.pattern.exec(text);
    if (match) return { id: arch.id, exact: arch.exact.test(match[0]), rest: text.slice(match[0].length).replace(/^[\s/,]+/, '') };
  }
  return undefined;
}

/** One entry of an arch-word table: words that name something found on one arch only, and that arch's id. */
export interface ArchWordEntry {
  word: string;
  arch: string;
}

/**
 * The default arch-word table (`arch-words` in project.yml replaces it):
 * names of vendor technologies and IP blocks that exist on one
 * architecture only. An importer reads a qualifier or heading that names
 * no arch but one of these words (`Status, AMD IOMMU:`, `GICv3`) as about
 * that arch, and lists each use in its report; with no match, the
 * statement's arch is not stated. Never a word that is found on several
 * arches (`Linux`, `QEMU`, `UART`).
 */
export const DEFAULT_ARCH_WORDS: readonly ArchWordEntry[] = [
  { word: 'AMD IOMMU', arch: 'x86' },
  { word: 'AMD-Vi', arch: 'x86' },
  { word: 'AMD-V', arch: 'x86' },
  { word: 'AMD SVM', arch: 'x86' },
  { word: 'Intel VT-d', arch: 'x86' },
  { word: 'VT-d', arch: 'x86' },
  { word: 'VT-x', arch: 'x86' },
  { word: 'Intel VMX', arch: 'x86' },
  { word: 'Xeon Phi', arch: 'x86' },
  { word: 'SMMU', arch: 'arm' },
  { word: 'GIC', arch: 'arm' },
  { word: 'IPMMU', arch: 'arm' },
  { word: 'PL011', arch: 'arm' },
  { word: 'Exynos', arch: 'arm' },
  { word: 'PSCI', arch: 'arm' },
  { word: 'SCMI', arch: 'arm' },
  { word: 'FF-A', arch: 'arm' },
];

/** The condition an export writes after a value stated without an arch (`Supported (arch not stated)`), which an import reads back as that state. */
export const NOT_STATED_CONDITION = 'arch not stated';

/**
 * The first entry of an arch-word table whose word the text contains as a
 * whole word, or followed by a version (`GICv3`, `SMMUv2`, `GIC-600`), in
 * table order (case-insensitive).
 */
export function archWordEntry(text: string, table: readonly ArchWordEntry[]): ArchWordEntry | undefined {
  const lower = text.toLowerCase();
  for (const entry of table) {
    const word = entry.word.toLowerCase();
    for (let at = lower.indexOf(word); at !== -1; at = lower.indexOf(word, at + 1)) {
      const before = lower.charAt(at - 1);
      const after = lower.slice(at + word.length);
      if (/[a-z0-9]/.test(before)) continue;
      if (after === '' || /^[^a-z0-9]/.test(after) || /^v?\d/.test(after)) return entry;
    }
  }
  return undefined;
}

/** How each reading other than a stated status reads, and what it means: never the same words for two. */
export const READING_WORDS: Readonly<Record<'not-applicable' | 'not-implemented' | 'unknown' | 'not-stated' | 'no-status' | 'absent', { words: string; meaning: string }>> = {
  'not-applicable': { words: 'not applicable', meaning: 'Not applicable on this architecture' },
  'not-implemented': { words: 'not implemented', meaning: 'Applies, but not implemented yet on this architecture' },
  unknown: { words: 'unknown', meaning: 'Not known whether it applies on this architecture' },
  'not-stated': { words: 'arch not stated', meaning: 'The source states this without naming an architecture: whether it holds on this one is not stated' },
  'no-status': { words: 'no status', meaning: 'Applies, but no status is stated for it' },
  absent: { words: 'not in this release', meaning: 'The feature or row was not in this release' },
};

/** Where a release stands on a date, in the words every page uses. */
export const RELEASE_STATE_WORDS: Readonly<Record<ReleaseState, string>> = {
  unreleased: 'not released yet',
  supported: 'supported',
  'security-supported': 'security support only',
  unsupported: 'end of life',
};

/** The one wording of a level of security support, on every page and in `diff`, the feeds and the findings. */
export function securityWords(level: SecuritySupport | undefined, organisation?: string): string {
  switch (level) {
    case 'yes':
      return 'security supported';
    case 'no':
      return 'not security supported';
    case 'external':
      return `security supported by ${organisation ?? 'an external organisation'}`;
    case 'with-caveats':
      return 'security supported, with caveats';
    default:
      return '';
  }
}

/** `CVE-<yyyy>-<nnnn>` (four or more digits). */
export const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

/**
 * What an advisory id is: a CVE, or `<PREFIX>-<n>` of a scheme of
 * project.yml (`n` without leading zeros); undefined for anything else.
 */
export function advisoryOf(id: string, schemes: readonly AdvisoryScheme[]): { cve: true } | { cve: false; scheme: AdvisoryScheme; n: string } | undefined {
  if (CVE_ID.test(id)) return { cve: true };
  for (const scheme of schemes) {
    const prefix = `${scheme.prefix}-`;
    const n = id.startsWith(prefix) ? id.slice(prefix.length) : '';
    if (/^[1-9]\d*$/.test(n)) return { cve: false, scheme, n };
  }
  return undefined;
}
