import { slug } from '../model/cells.js';
import { archWord as vocabularyArchWord, archWordEntry, DEFAULT_ARCH_WORDS, NOT_STATED_CONDITION, type ArchWordEntry, DEFAULT_BLOCKERS_EXPECTED_FOR, DEFAULT_SIGNOFF_REQUIRED_FOR, defaultAdvisories, defaultArchitectures, defaultStatuses } from '../model/vocabulary.js';
import type { ArchEntry, FeatureData, FeatureNote, KnownIssue, Limit, SecuritySupport, StatusDefinition, SupportFields, VariantData } from '../types.js';
import { didYouMean } from '../validate/schema.js';

/** Options of {@link importSupportMd}. */
export interface SupportMdOptions {
  /** Shown in findings, e.g. `SUPPORT.md`. */
  file: string;
  /** Release name; default: the `<Project>-Version` value. */
  release?: string;
  /** Git ref of the release; default: the release name. */
  ref?: string;
  /**
   * Words that name one arch (project.yml `arch-words`); default: the
   * vocabulary's table. Read for a qualifier or heading that names no arch;
   * each use is noted. Entries for an arch the document lacks are not used.
   */
  archWords?: readonly ArchWordEntry[];
  /**
   * The arches to import onto (a project's, reading a legacy release);
   * default: the document's `## Architectures`, else the default arches.
   */
  architectures?: ReadonlyArray<{ id: string; name: string }>;
  /**
   * The vocabulary the cells will be resolved with (a project's, reading a
   * legacy release): security support is written wherever the statement's
   * differs from this vocabulary's default, so each cell reads as published.
   */
  statuses?: readonly StatusDefinition[];
  /**
   * Write `arches` on every feature, naming each arch it covers: a project
   * arch not among `architectures` then reads not applicable (a legacy
   * release, whose statement never spoke of an arch added later).
   */
  explicitArches?: boolean;
}

/** A feature converted from one heading and its status block. */
export interface ImportedFeature {
  id: string;
  /** Path under the features directory, e.g. `guest-type/x86-pvh.md`. */
  path: string;
  data: FeatureData;
  body: string;
  /** Line of the heading in the source. */
  line: number;
}

/** Something the importer noticed: a heuristic it applied or a value it could not map. */
export interface ImportNote {
  line: number;
  column: number;
  /** `arch-word`: an arch read from the arch-word table; `not-stated`: a statement that names no arch, imported as `not-stated`. */
  kind: 'heuristic' | 'unmapped' | 'arch-word' | 'not-stated';
  message: string;
}

/** What {@link importSupportMd} produces. */
export interface SupportMdImport {
  features: ImportedFeature[];
  /** project.yml content. */
  project: Record<string, unknown>;
  notes: ImportNote[];
  /** Status lines read, and statements written: one per status line. */
  counts: { statusLines: number; statements: number };
}

interface StatusLine {
  line: number;
  column: number;
  qualifier?: string;
  value: string;
  /** What follows the qualifier of a status-first line (`Supported, x86: bzImage, ELF` → `bzImage, ELF`): the scope it states. */
  detail?: string;
}

interface Node {
  title: string;
  level: number;
  line: number;
  parents: string[];
  pre: string[];
  statuses: StatusLine[];
  post: string[];
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const STATUS = /^(?:\t|\s{2,})\s*Status\b\s*(?:,\s*([^:]*?))?\s*:\s*(.*?)\s*$/i;
/**
 * The other status line of the format: the status first, then the qualifier
 * and what it covers (`    Supported, x86: bzImage, ELF` under "Direct-boot
 * kernel image format"). A capitalised status word of one or two words.
 */
const STATUS_FIRST = /^(?:\t|\s{2,})\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s*,\s*([^:,][^:]*?)\s*:\s*(\S.*?)\s*$/;
const KEY_VALUE = /^(?:\t|\s{2,})\s*([A-Za-z][\w -]*?)\s*:\s*(.*?)\s*$/;

/**
 * The arch a qualifier or heading starts with: one of the project's arches
 * by its name or id (`RISC-V`, `riscv`), else a word of the vocabulary's
 * arch table (`Arm64`, `x86_64`) for an arch the project has.
 */
function archOf(text: string, arches: ReadonlyArray<{ id: string; name: string }>): { id: string; exact: boolean; rest: string } | undefined {
  const words = arches.flatMap((a) => [{ id: a.id, word: a.name }, { id: a.id, word: a.id }]).sort((a, b) => b.word.length - a.word.length);
  for (const { id, word } of words) {
    if (text.length < word.length || text.slice(0, word.length).toLowerCase() !== word.toLowerCase()) continue;
    const next = text.charAt(word.length);
    if (next === '' || /[\s/,(]/.test(next)) return { id, exact: true, rest: text.slice(word.length).replace(/^[\s/,]+/, '') };
  }
  const found = vocabularyArchWord(text);
  return found && arches.some((a) => a.id === found.id) ? found : undefined;
}

/** A status value split into status, security support, limit and caveat, and whether a heuristic was needed. */
interface Value {
  status?: string;
  /** The condition a value states in brackets (`Supported (outside of shim mode)`): the statement is a variant of that name. */
  condition?: string;
  state?: 'not-implemented' | 'not-applicable' | 'unknown';
  /** A value that is no status and no state of ours (`Not functional`): kept in the source's words, as a note on the row's cells. */
  words?: string;
  /** `Supported (arch not stated)`, as the export writes a cell stated without an arch. */
  notStated?: true;
  security?: SecuritySupport;
  caveat?: string;
  limit?: Omit<Limit, 'name'>;
  heuristic?: string;
  unmapped?: string;
}

function parseValue(raw: string, statuses: string[]): Value {
  const text = raw.trim().replace(/\.$/, '');
  const lower = text.toLowerCase();
  const known = (name: string): string => statuses.find((s) => s.toLowerCase() === name.toLowerCase()) ?? name;
  if (/^not implemented$/i.test(text)) return { state: 'not-implemented' };
  // What the support-md export writes for a feature that applies on no arch.
  if (/^not applicable$/i.test(text)) return { state: 'not-applicable' };
  // What the support-md export writes for an unknown cell, unless the vocabulary has a status of that name.
  if (/^unknown$/i.test(text) && !statuses.some((s) => s.toLowerCase() === 'unknown')) return { state: 'unknown' };
  // Neither a status nor "not implemented" (another claim): an unknown cell, with the source's words as its note.
  if (/^not (supported|functional)$/i.test(text)) return { state: 'unknown', words: raw.trim(), heuristic: `"${raw.trim()}" kept in its own words, as a note on cells that read unknown (it is no status of the vocabulary, and not "not implemented")` };
  if (/^security supported$/i.test(text)) return { status: known('Supported'), security: 'yes' };
  if (/^support scope restricted$/i.test(text)) return { status: known('Supported'), security: 'with-caveats', heuristic: '"Support scope restricted" read as Supported, with caveats (the text after the block)' };
  if (/^no security support\b/i.test(text)) {
    return { status: known('Supported'), security: 'no', caveat: text, heuristic: `"${text}" read as Supported, not security supported` };
  }
  // `Supported up to 12 TiB[. Hosts with more … supported, but not security supported.]`
  const upTo = /^(.+?)\s+up to\s+([\d.]+)\s*([A-Za-z]+)?(.*)$/i.exec(text);
  if (upTo) {
    const base = parseValue(upTo[1] ?? '', statuses);
    const securityOnly = /not security supported/i.test(upTo[4] ?? '');
    const limit: Omit<Limit, 'name'> = { value: Number(upTo[2]), bounds: securityOnly ? 'security-support' : 'support' };
    if (upTo[3]) limit.unit = upTo[3];
    return { ...base, limit, heuristic: `"${text}" read as ${base.status ?? '?'} with a limit of ${upTo[2]}${upTo[3] ? ` ${upTo[3]}` : ''} on ${limit.bounds}` };
  }
  // `Supported (outside of shim mode)`: a status under a condition, kept as a variant named by the condition.
  const conditional = /^(.+?)\s*\(([^()]+)\)$/.exec(text);
  if (conditional) {
    const base = parseValue(conditional[1] ?? '', statuses);
    if (base.status !== undefined && base.unmapped === undefined && (conditional[2] ?? '').trim().toLowerCase() === NOT_STATED_CONDITION) return { ...base, notStated: true };
    // Not `security support external (QEMU)`: there the brackets name the organisation.
    if (base.status !== undefined && base.unmapped === undefined && base.security !== 'external') {
      return { ...base, condition: (conditional[2] ?? '').trim(), heuristic: `"${text}" read as ${base.status} under the condition "${(conditional[2] ?? '').trim()}" (a variant of that name)` };
    }
  }
  // `, not signed off` is the label support-matrix's own export puts on a release cell no sign-off covers: not a caveat.
  const [head = '', ...tail] = text.split(/\s*,\s*/).filter((part, i) => i === 0 || part.toLowerCase() !== 'not signed off');
  const qualifier = tail.join(', ');
  const status = statuses.find((s) => s.toLowerCase() === head.toLowerCase());
  if (!status) {
    const near = didYouMean(head, statuses);
    return near ? { status: near, heuristic: `"${head}" read as ${near}` } : { status: head, unmapped: text };
  }
  const recased = status !== head ? { heuristic: `"${head}" read as ${status}` } : {};
  if (qualifier === '') return { status, ...recased };
  const q = qualifier.toLowerCase();
  if (q === 'not security supported') return { status, security: 'no' };
  if (q === 'security supported') return { status, security: 'yes' };
  if (q === 'with caveats') return { status, security: 'with-caveats' };
  if (q.startsWith('security support external')) return { status, security: 'external' };
  if (lower.includes('security supported only')) return { status, security: 'with-caveats', caveat: qualifier, heuristic: `"${text}" read as ${status}, with caveats` };
  // `Tech Preview, with limited support` and the like: keep the words as a caveat, security as the status says.
  return { status, caveat: qualifier, heuristic: `"${text}" read as ${status} with the caveat "${qualifier}"` };
}

/**
 * Converts a classic SUPPORT.md (the format described in its own "Format
 * and definitions" section) into feature data. Pure: the caller writes the
 * files. Every `Status` line becomes exactly one statement (a feature, an
 * arch override or a variant); `counts` lets callers check that.
 */
export function importSupportMd(text: string, options: SupportMdOptions): SupportMdImport {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const notes: ImportNote[] = [];
  const nodes: Node[] = [];
  const release: Record<string, string> = {};
  const definitions = new Map<string, Partial<StatusDefinition>>();
  const organisations: Array<{ id: string; name: string; url?: string }> = [];
  const documentArches: Array<{ id: string; name: string }> = [];
  let mode: 'preamble' | 'release' | 'features' | 'definitions' = 'preamble';
  const stack: Array<{ level: number; title: string }> = [];
  let node: Node | undefined;
  let definition: string | undefined;
  let statementTitle: string | undefined;

  lines.forEach((raw, i) => {
    const line = i + 1;
    // `% Support statement for <name>[ <release>]`: the name as written (the
    // `<Name>-Version` key has no spaces).
    const statement = /^%\s*Support statement for\s+(.+?)\s*$/i.exec(raw);
    if (statement && statementTitle === undefined) statementTitle = statement[1];
    const heading = HEADING.exec(raw);
    if (heading) {
      const level = (heading[1] ?? '').length;
      const title = (heading[2] ?? '').trim();
      if (level === 1) {
        mode = /release support/i.test(title) ? 'release' : /feature support/i.test(title) ? 'features' : /definition|format/i.test(title) ? 'definitions' : 'preamble';
        stack.length = 0;
        node = undefined;
        return;
      }
      if (mode === 'definitions') {
        definition = title;
        return;
      }
      if (mode !== 'features') return;
      while (stack.length > 0 && (stack.at(-1)?.level ?? 0) >= level) stack.pop();
      node = { title, level, line, parents: stack.map((s) => s.title), pre: [], statuses: [], post: [] };
      nodes.push(node);
      stack.push({ level, title });
      return;
    }
    if (mode === 'release') {
      const kv = KEY_VALUE.exec(raw);
      if (kv) release[(kv[1] ?? '').toLowerCase()] = kv[2] ?? '';
      return;
    }
    if (mode === 'definitions') {
      // `## Architectures`, as support-matrix's own export writes it: `    <id>: <name>` a line.
      if (/^architectures$/i.test(definition ?? '')) {
        const arch = /^(?:\t|\s{2,})\s*([a-z0-9][a-z0-9-]*)\s*:\s*(\S.*?)\s*$/.exec(raw);
        if (arch) documentArches.push({ id: arch[1] ?? '', name: arch[2] ?? '' });
        return;
      }
      const kv = KEY_VALUE.exec(raw);
      if (kv && definition) {
        const entry = definitions.get(definition) ?? {};
        const key = (kv[1] ?? '').toLowerCase();
        const value = kv[2] ?? '';
        if (key === 'functional completeness') entry['functional-completeness'] = value;
        if (key === 'functional stability') entry['functional-stability'] = value;
        if (key === 'interface stability') entry['interface-stability'] = value;
        if (key === 'security supported') entry['security-supported'] = /^yes/i.test(value);
        definitions.set(definition, entry);
      }
      // `  * Name https://…`; under `External security support`, a name alone too.
      const org = /external security support/i.test(definition ?? '') ? /^\s*\*\s+(\S[^*]*?)(?:\s+(https?:\/\/\S+))?\s*$/.exec(raw) : /^\s*\*\s+(\S[^*]*?)\s+(https?:\/\/\S+)\s*$/.exec(raw);
      if (org) organisations.push({ id: slug(org[1] ?? '') || 'external', name: (org[1] ?? '').trim(), url: org[2] ?? '' });
      return;
    }
    if (mode !== 'features' || !node) return;
    const status = STATUS.exec(raw);
    if (status) {
      const qualifier = status[1]?.trim();
      node.statuses.push({ line, column: raw.search(/\S/) + 1, value: status[2] ?? '', ...(qualifier ? { qualifier } : {}) });
      return;
    }
    const first = STATUS_FIRST.exec(raw);
    if (first) {
      node.statuses.push({ line, column: raw.search(/\S/) + 1, value: first[1] ?? '', qualifier: (first[2] ?? '').trim(), detail: first[3] ?? '' });
      return;
    }
    (node.statuses.length === 0 ? node.pre : node.post).push(raw);
  });

  // The vocabulary: the document's own definitions, else the default names.
  const defined = [...definitions.entries()].filter(([, d]) => d['security-supported'] !== undefined);
  const statuses: StatusDefinition[] =
    defined.length > 0
      ? defined.map(([name, d]) => ({ name, ...d, 'security-supported': d['security-supported'] === true }) as StatusDefinition)
      : defaultStatuses.map((d) => ({ name: d.name, 'security-supported': d['security-supported'] }));
  const names = statuses.map((s) => s.name);
  const securityDefault = new Map(statuses.map((s) => [s.name, s['security-supported']]));
  // The document's own architectures when it lists them (support-matrix's export does), else the default ones.
  const projectArches = options.architectures ?? (documentArches.length > 0 ? documentArches : defaultArchitectures.map((a) => ({ id: a.id, name: a.name })));
  // Security support is written where it differs from what the cells will be resolved with.
  const resolvedDefault = options.statuses ? new Map(options.statuses.map((st) => [st.name, st['security-supported']])) : securityDefault;
  const archIds = projectArches.map((a) => a.id);
  const archWord = (text: string): ReturnType<typeof vocabularyArchWord> => archOf(text, projectArches);
  // The arch-word table's entries for arches the document has; each use is a note of the report.
  const table = (options.archWords ?? DEFAULT_ARCH_WORDS).filter((e) => archIds.includes(e.arch));
  const tableArch = (text: string, line: number, column: number): string | undefined => {
    const found = archWordEntry(text, table);
    if (found) notes.push({ line, column, kind: 'arch-word', message: `"${text}" read as ${found.arch} only, by the arch-word table ("${found.word}" → ${found.arch}; \`arch-words\` in project.yml)` });
    return found?.arch;
  };
  // Statements whose line names no arch, and that no heading or table word places: their cells read `not-stated`.
  const notStated: Array<{ line: number; column: number; words: string }> = [];
  const versionEntry = Object.entries(release).find(([k]) => k.endsWith('-version'));
  const keyName = versionEntry?.[0].replace(/-version$/, '');
  const keyVersion = versionEntry?.[1];
  // The title's name when it matches the version key (`Kestrel Hypervisor` for `Kestrel-Hypervisor-Version`), else the key's.
  const titled = statementTitle !== undefined && keyVersion !== undefined && statementTitle.endsWith(` ${keyVersion}`) ? statementTitle.slice(0, -keyVersion.length - 1) : statementTitle;
  const projectName = titled !== undefined && (keyName === undefined || titled.replace(/\s+/g, '-').toLowerCase() === keyName) ? titled : (keyName ?? 'project');
  const sections: string[] = [];
  const features: ImportedFeature[] = [];
  const usedIds = new Set<string>();
  let statements = 0;
  let statusLines = 0;
  let externalFallback = false;
  // A status-first line is one only when its first words are a status of the vocabulary (known only now): else it is the block's text.
  const lowerNames = new Set(names.map((name) => name.toLowerCase()));
  for (const n of nodes) {
    const kept = n.statuses.filter((at) => at.detail === undefined || lowerNames.has(at.value.toLowerCase()));
    if (kept.length !== n.statuses.length) n.post.unshift(...n.statuses.filter((at) => !kept.includes(at)).map((at) => lines[at.line - 1] ?? ''));
    n.statuses = kept;
  }

  for (const n of nodes.filter((x) => x.statuses.length > 0)) {
    statusLines += n.statuses.length;
    // A top-level feature is its own section, so that an export (which writes
    // sections as headings) imports back to the same section and id.
    const section = n.parents.join('/') || n.title;
    if (!sections.includes(section)) sections.push(section);
    // `x86/PV`, `ARM/GICv3`, `ARM v8`, `x86-64`: a heading that starts with an arch is about that arch only.
    const headed = archWord(n.title)?.id;
    const prefixArch = headed ?? tableArch(n.title, n.line, 1);
    if (headed) notes.push({ line: n.line, column: 1, kind: 'heuristic', message: `Heading "${n.title}" read as applying to ${prefixArch} only` });
    const data: FeatureData = { title: n.title, section };
    const arches: Record<string, ArchEntry> = {};
    const variants: VariantData[] = [];
    const limits: Limit[] = [];
    // The paragraphs and lists after the status block: the format's caveats and qualifications of the block, kept as notes on its cells.
    const postText = paragraphs(withoutKnownIssues(n.post));
    let caveatFromNotes = false;
    const scopedNotes: FeatureNote[] = [];
    const context = [n.title, ...n.pre, ...n.post].join(' ').toLowerCase();

    const fields = (value: Value, at: StatusLine): SupportFields => {
      const out: SupportFields = {};
      if (value.status !== undefined) out.status = value.status;
      const security = value.security ?? (securityDefault.get(value.status ?? '') ? 'yes' : 'no');
      const byDefault = resolvedDefault.get(value.status ?? '') ? 'yes' : 'no';
      if (security !== byDefault) out['security-support'] = security;
      if (value.security === 'external') {
        const org = organisations.find((o) => context.includes(o.name.toLowerCase()) || (at.qualifier ?? '').toLowerCase().includes(o.name.toLowerCase()));
        if (org) out['security-organisation'] = org.id;
        else {
          out['security-organisation'] = 'external';
          externalFallback = true;
          notes.push({ line: at.line, column: at.column, kind: 'heuristic', message: 'External security support without a named organisation: set `security-organisation` (it is `external` for now)' });
        }
      }
      if (value.security === 'with-caveats' || value.caveat !== undefined) {
        if (value.security === 'with-caveats' && postText[0] !== undefined) caveatFromNotes = true;
        const caveat = [value.caveat, value.security === 'with-caveats' ? (postText[0] ?? 'See the details below.') : undefined].filter(Boolean).join(': ');
        out.caveat = caveat.length > 600 ? `${caveat.slice(0, 597)}...` : caveat;
      }
      return out;
    };

    for (const at of n.statuses) {
      const value = parseValue(at.value, names);
      if (at.detail !== undefined && value.status !== undefined) {
        // The scope the line states is kept in its own words, as the cell's caveat.
        value.caveat = value.caveat === undefined ? at.detail : `${value.caveat}; ${at.detail}`;
        notes.push({ line: at.line, column: at.column, kind: 'heuristic', message: `"${at.value}, ${at.qualifier ?? ''}: ${at.detail}" read as ${value.status} on ${at.qualifier ?? ''}, with "${at.detail}" as the caveat` });
      }
      if (value.heuristic) notes.push({ line: at.line, column: at.column, kind: 'heuristic', message: value.heuristic });
      if (value.unmapped !== undefined) {
        const near = didYouMean(value.status ?? '', names);
        notes.push({ line: at.line, column: at.column, kind: 'unmapped', message: `Unexpected status \`${at.value}\`${near ? ` (did you mean \`${near}\`?)` : ''}, kept verbatim; edit the imported file` });
      }
      statements++;
      const q = at.qualifier;
      // `Status, x86:`, `Status, Linux (ARM):`, else a word of the arch-word table (`Status, AMD IOMMU:`).
      const bracket = q ? /^(.*?)\s*\(([^()]+)\)$/.exec(q) : null;
      const bracketArch = bracket ? archWord(bracket[2] ?? '') : undefined;
      const named = q ? archWord(q) : undefined;
      const tabled = q && !named && !value.notStated && !(bracketArch?.exact && bracketArch.rest === '') ? tableArch(q, at.line, at.column) : undefined;
      const arch = named ?? (tabled !== undefined ? { id: tabled, exact: false, rest: q ?? '' } : undefined);
      const entry: ArchEntry | undefined = value.state ?? (value.status !== undefined ? fields(value, at) : undefined);
      // A cell stated without an arch (`… (arch not stated)`): the state on the arch, the status on its row.
      const place = (target: Record<string, ArchEntry>, on: string, row: SupportFields): void => {
        if (!value.notStated || entry === undefined || typeof entry === 'string') {
          target[on] = entry ?? 'unknown';
          return;
        }
        target[on] = 'not-stated';
        if (row.status === undefined) Object.assign(row, entry);
        else if (JSON.stringify(pick(row)) !== JSON.stringify(pick(entry))) {
          target[on] = entry;
          notes.push({ line: at.line, column: at.column, kind: 'unmapped', message: `"${at.value}" on ${on} differs from the rest of its row, so it cannot be kept as "arch not stated" there: imported as stated on ${on}; check the imported file` });
        }
      };
      const addVariant = (name: string, only: string | undefined, everyArch = false): void => {
        const on = only ?? prefixArch;
        // `Status, x86, Dom0` and `Status, arm, Dom0`: one variant, a statement per arch.
        const same = on !== undefined ? variants.find((v) => v.name === name && v.arches !== undefined && !Array.isArray(v.arches) && !(on in v.arches)) : undefined;
        if (same && same.arches && !Array.isArray(same.arches) && entry !== undefined) {
          place(same.arches, on as string, same);
          if (value.words !== undefined) scopedNotes.push({ text: value.words, arches: [on as string], variants: [same.name] });
          return;
        }
        let unique = name;
        for (let k = 2; variants.some((v) => v.name === unique); k++) unique = `${name} (${k})`;
        const variant: VariantData = { name: unique };
        if (on !== undefined) {
          variant.arches = {};
          place(variant.arches, on, variant);
        } else if (value.state) variant.arches = Object.fromEntries(archIds.map((a) => [a, value.state as ArchEntry]));
        else if (everyArch) Object.assign(variant, typeof entry === 'object' ? entry : {});
        else {
          // The line names no arch, and no heading or table gives one: the arch is not stated, on every arch.
          Object.assign(variant, typeof entry === 'object' ? entry : {});
          variant.arches = Object.fromEntries(archIds.map((a) => [a, 'not-stated' as const]));
          notStated.push({ line: at.line, column: at.column, words: name });
        }
        variants.push(variant);
        if (value.words !== undefined) scopedNotes.push({ text: value.words, variants: [unique] });
      };
      if (value.limit) limits.push({ name: n.title, ...value.limit, ...(arch ? { arch: arch.id } : prefixArch ? { arch: prefixArch } : {}) });
      if (value.condition !== undefined) {
        // Two values under one qualifier, each with its condition, stay two claims: never one verbatim status.
        const onArchOnly = arch?.exact === true && arch.rest === '';
        addVariant(q && !onArchOnly ? `${q}, ${value.condition}` : value.condition, arch?.id, q === undefined);
        continue;
      }
      if (!q) {
        if (entry === undefined || typeof entry === 'string') {
          if (prefixArch) arches[prefixArch] = entry ?? 'unknown';
          else for (const a of archIds) arches[a] = entry ?? 'unknown';
          if (value.words !== undefined) scopedNotes.push({ text: value.words });
        } else {
          Object.assign(data, entry);
          if (value.notStated) for (const a of prefixArch ? [prefixArch] : archIds) arches[a] = 'not-stated';
        }
      } else if (arch?.exact && arch.rest === '' && !(arch.id in arches)) {
        place(arches, arch.id, data);
        if (value.words !== undefined) scopedNotes.push({ text: value.words, arches: [arch.id] });
      } else if (arch?.exact && q.includes(',')) {
        // `x86, Dom0`: the arch, then the variant's name (what the support-md export writes).
        addVariant(arch.rest, arch.id);
      } else if (arch) {
        addVariant(q, arch.id);
      } else if (bracket && bracketArch) {
        addVariant(bracket[1] ?? q, bracketArch.id);
      } else {
        addVariant(q, undefined);
      }
    }

    if (prefixArch && data.status !== undefined && Object.keys(arches).length === 0) arches[prefixArch] = 'applies';
    if (Object.keys(arches).length > 0) {
      if (prefixArch && !(prefixArch in arches) && data.status !== undefined) arches[prefixArch] = 'applies';
      data.arches = arches;
    }
    if (options.explicitArches && data.arches === undefined) data.arches = Object.fromEntries(archIds.map((a) => [a, 'applies' as const]));
    if (variants.length > 0) data.variants = variants;
    if (limits.length > 0) data.limits = limits;
    // Every paragraph after the block, but one already the caveat of a `with caveats` cell.
    const notesHere: FeatureNote[] = [...scopedNotes, ...(caveatFromNotes ? postText.slice(1) : postText).map((text) => ({ text }))];
    if (notesHere.length > 0) data.notes = notesHere;
    const issues = knownIssues(n.post);
    if (issues.length > 0) data['known-issues'] = issues;
    const summary = paragraphs(n.pre)[0];
    if (summary) data.summary = summary.length > 300 ? `${summary.slice(0, 297)}...` : summary;

    // Ids from the first section component and the heading: stable across releases and across an export round trip.
    const base = [slug(section.split('/')[0] ?? ''), slug(n.title) || 'feature'].filter(Boolean).join('/');
    let id = base;
    for (let k = 2; usedIds.has(id); k++) id = `${base}-${k}`;
    usedIds.add(id);
    const body = [
      `## Overview`,
      '',
      paragraphs(n.pre).join('\n\n') || `${n.title}.`,
      '',
      `Imported from ${options.file} line ${n.line}.`,
      '',
    ].join('\n');
    // The statement's place in the document: the matrix keeps the source's order within each section.
    data.order = features.length + 1;
    features.push({ id, path: `${id}.md`, data, body, line: n.line });
  }

  const version = options.release ?? Object.entries(release).find(([k]) => k.endsWith('-version'))?.[1] ?? 'unreleased';
  const date = (value: string | undefined): string | undefined => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : value && /^tbd$/i.test(value) ? 'TBD' : undefined);
  const releaseEntry: Record<string, unknown> = { name: version, ref: options.ref ?? version };
  const initial = date(release['initial-release']);
  if (initial) releaseEntry['initial-release'] = initial;
  const supported = date(release['supported-until']);
  if (supported && initial && initial !== 'TBD') releaseEntry['supported-until'] = supported;
  const security = date(release['security-support-until']);
  if (security && initial && initial !== 'TBD') releaseEntry['security-support-until'] = security;
  if (externalFallback) organisations.push({ id: 'external', name: 'External organisation (to be named)' });
  const project: Record<string, unknown> = {
    name: projectName.charAt(0).toUpperCase() + projectName.slice(1),
    architectures: projectArches,
    statuses,
    sections,
    'security-organisations': organisations.filter((o, i) => organisations.findIndex((x) => x.id === o.id) === i).map((o) => (o.url ? o : { id: o.id, name: o.name })),
    releases: [releaseEntry],
    ...policyFor(names, statuses),
    // The advisory schemes the statement's known issues use (`KSA-58`), so they pass `advisory-format` after the import.
    ...advisoryPrefixes(features),
  };
  for (const at of notStated) notes.push({ line: at.line, column: at.column, kind: 'not-stated', message: `"${at.words}" names no arch: its cells read \`not-stated\` on every arch; state the arches in the imported file (rule arch-not-stated), or add the words to \`arch-words\` in project.yml and import again` });
  notes.sort((a, b) => a.line - b.line || a.column - b.column);
  return { features, project, notes, counts: { statusLines, statements } };
}

/**
 * The list after a `Known issues:` line, as the support-md export writes it:
 * `  * Summary (ADV-1, fixed in 4.2)`, the parenthesis optional.
 */
function knownIssues(lines: string[]): KnownIssue[] {
  const start = lines.findIndex((l) => /^\s*known issues:\s*$/i.test(l));
  if (start === -1) return [];
  const out: KnownIssue[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') continue;
    const item = /^\s*\*\s+(.+?)\s*$/.exec(line);
    if (!item) break;
    const text = item[1] ?? '';
    const tail = /^(.*?)\s+\((?:([A-Z][A-Z0-9]*-[0-9]+))?(?:,\s*)?(?:fixed in ([^)]+))?\)$/.exec(text);
    const issue: KnownIssue = { summary: tail && (tail[2] || tail[3]) ? (tail[1] ?? text) : text };
    if (tail?.[2]) issue.advisory = tail[2];
    if (tail?.[3]) issue['fixed-in'] = tail[3];
    out.push(issue);
  }
  return out;
}

/**
 * A `policy` for a vocabulary the defaults do not fit, so the imported
 * project passes `check`: sign-offs for its security-supported statuses (its
 * last status when none is) when it has no `Supported`, and upgrade blockers
 * for the default statuses it has. Nothing when the defaults fit.
 */
function policyFor(names: readonly string[], statuses: readonly StatusDefinition[]): { policy?: Record<string, string[]> } {
  const policy: Record<string, string[]> = {};
  if (!DEFAULT_SIGNOFF_REQUIRED_FOR.every((n) => names.includes(n))) {
    const secure = statuses.filter((s) => s['security-supported']).map((s) => s.name);
    policy['signoff-required-for'] = secure.length > 0 ? secure : names.slice(-1);
  }
  if (!DEFAULT_BLOCKERS_EXPECTED_FOR.every((n) => names.includes(n))) policy['blockers-expected-for'] = DEFAULT_BLOCKERS_EXPECTED_FOR.filter((n) => names.includes(n));
  return Object.keys(policy).length > 0 ? { policy } : {};
}

/** `advisories: [{prefix}]` for each prefix of the known issues' advisory ids other than CVE, in order of first use; none when there is none. */
function advisoryPrefixes(features: readonly ImportedFeature[]): { advisories?: Array<{ prefix: string; url?: string }> } {
  const prefixes: string[] = [];
  for (const f of features) {
    for (const issue of f.data['known-issues'] ?? []) {
      const prefix = /^([A-Z][A-Z0-9]*)-[1-9]\d*$/.exec(issue.advisory ?? '')?.[1];
      if (prefix !== undefined && prefix !== 'CVE' && !prefixes.includes(prefix)) prefixes.push(prefix);
    }
  }
  // A prefix the defaults know keeps its link (`XSA` → xenbits).
  return prefixes.length > 0 ? { advisories: prefixes.map((prefix) => defaultAdvisories.find((a) => a.prefix === prefix) ?? { prefix }) } : {};
}

/** The lines after a status block without its `Known issues:` list (read as known issues of their own). */
function withoutKnownIssues(lines: readonly string[]): string[] {
  const start = lines.findIndex((l) => /^\s*known issues:\s*$/i.test(l));
  if (start === -1) return [...lines];
  let end = start + 1;
  while (end < lines.length && ((lines[end] ?? '').trim() === '' || /^\s*\*\s+/.test(lines[end] ?? ''))) end++;
  return [...lines.slice(0, start), ...lines.slice(end)];
}

/** The fields of a statement that a cell reads, for comparing two. */
function pick(fields: SupportFields): Record<string, string | undefined> {
  const { status, 'security-support': security, 'security-organisation': organisation, caveat } = fields;
  return { status, 'security-support': security, 'security-organisation': organisation, caveat };
}

/** Non-empty paragraphs of markdown lines, joined, with indentation of status-like blocks removed. */
function paragraphs(lines: string[]): string[] {
  return lines
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
