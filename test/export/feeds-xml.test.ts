import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { toAtom, toJsonFeed, type ChangeEntry, type FeedMeta } from '../../src/export/feeds.js';
import type { Project } from '../../src/types.js';
import { cli } from '../helpers/cli.js';
import { TODAY } from '../helpers/corpus.js';
import { feature, projectYml, Repo, ROSTER, signoff, simple } from '../releases/repo.js';

const ATOM_NS = 'http://www.w3.org/2005/Atom';

/** An element of a parsed XML document, with its text (character data of the element itself). */
interface XmlElement {
  name: string;
  uri: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlElement[];
}

/** Parses `text` with saxes (strict, namespace-aware XML 1.0); every well-formedness error is collected. */
function parseXml(text: string): { root: XmlElement | undefined; errors: string[] } {
  const errors: string[] = [];
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('error', (error) => errors.push(error.message));
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: tag.local, uri: tag.uri, attributes: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.name, a.value])), text: '', children: [] };
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on('closetag', () => void stack.pop());
  const addText = (t: string): void => {
    const current = stack.at(-1);
    if (current) current.text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.write(text).close();
  return { root, errors };
}

/** Child elements named `name`. */
const childrenNamed = (element: XmlElement | undefined, name: string): XmlElement[] => element?.children.filter((c) => c.name === name) ?? [];

/** Every element in document order. */
function allElements(element: XmlElement): XmlElement[] {
  return [element, ...element.children.flatMap(allElements)];
}

/** The Atom text constructs RFC 4287 defines. */
const TEXT_CONSTRUCTS = new Set(['title', 'subtitle', 'summary', 'content', 'rights']);

interface JsonFeed {
  version: string;
  title: string;
  home_page_url: string;
  feed_url?: string;
  description: string;
  items: Array<{ id: string; url: string; title: string; content_text: string; content_html: string; date_modified: string }>;
}

// Hostile strings a project may well carry: markup, an entity, the end of a CDATA section, quotes.
const PROJECT = 'Kestrel <b>Hyper</b> &amp; "Co" ]]> \'s';
const SCRIPT = '<script>alert(1)</script> guests';
const BOLD = 'Bold <b>PVH</b> &amp; <i>more</i>';
const QUOTE = 'Quote "x" \'y\' ]]> end';
const VARIANT = '<b>Dom0</b> "v" ]]>';

/** A feature whose variant (named {@link VARIANT}) has `variantStatus`. */
function withVariant(title: string, variantStatus: string): string {
  const signoffs = variantStatus === 'Supported' ? signoff('Supported', { variant: 'dom0' }) : '';
  return feature(
    `title: ${JSON.stringify(title)}
section: Guest types
status: Tech Preview
variants:
  - { name: ${JSON.stringify(VARIANT)}, id: dom0, status: ${variantStatus} }
known-issues:
  - summary: Not hardened yet.
${signoffs ? `signoffs:\n${signoffs}` : ''}`,
  );
}

/** Releases 1.0 and 1.1 and a working tree in which every hostile title changes status at least once. */
async function hostileRepository(): Promise<Repo> {
  const releases = `lifecycle: { supported-months: 12, security-supported-months: 24 }
releases:
  - { name: "1.0", ref: v1.0, initial-release: 2025-02-01 }
  - { name: "1.1", ref: v1.1, initial-release: 2025-08-01 }
`;
  const repo = await Repo.create();
  repo.features({
    'project.yml': projectYml({ releases }).replace('name: Release Test Hypervisor', `name: ${JSON.stringify(PROJECT)}`),
    'security-team.yml': ROSTER,
    'guests/script.md': simple(JSON.stringify(SCRIPT), 'Guest types', 'Tech Preview'),
    'guests/bold.md': simple(JSON.stringify(BOLD), 'Guest types', 'Tech Preview'),
    'tools/quote.md': simple(JSON.stringify(QUOTE), 'Toolstack', 'Supported'),
    'guests/variant.md': withVariant('Variant host', 'Tech Preview'),
  });
  repo.release('v1.0');
  repo.features({ 'guests/script.md': simple(JSON.stringify(SCRIPT), 'Guest types', 'Supported'), 'guests/bold.md': simple(JSON.stringify(BOLD), 'Guest types', 'Supported') });
  repo.release('v1.1');
  repo.features({ 'tools/quote.md': simple(JSON.stringify(QUOTE), 'Toolstack', 'Tech Preview'), 'guests/variant.md': withVariant('Variant host', 'Supported') });
  return repo;
}

describe('change feeds with hostile titles and project name (real git history)', () => {
  it('writes Atom that a strict XML parser accepts, with type="text" titles whose text is the original title', async () => {
    const repo = await hostileRepository();
    // The problem: the markup passes check and reaches the feed writer unchanged.
    const doc = JSON.parse((await cli(['export', '--format', 'json', '--today', TODAY], repo.dir)).stdout) as { project: { name: string }; features: Array<{ title: string }> };
    expect(doc.project.name).toBe(PROJECT);
    expect(doc.features.map((f) => f.title)).toEqual(expect.arrayContaining([SCRIPT, BOLD, QUOTE]));

    const run = await cli(['export', '--format', 'atom', '--today', TODAY, '--site-url', 'https://support.example.org/?a="b"&c=<d>'], repo.dir);
    expect(run.code).toBe(0);
    const atom = run.stdout;
    const { root, errors } = parseXml(atom);
    expect(errors).toEqual([]);
    expect(root?.name).toBe('feed');
    expect(root?.uri).toBe(ATOM_NS);
    // Nothing is handed to readers as markup: no CDATA, no raw tags from the input, every text construct plain text.
    expect(atom).not.toContain('CDATA');
    expect(atom).not.toMatch(/<(script|b|i)>/);
    const constructs = allElements(root as XmlElement).filter((e) => TEXT_CONSTRUCTS.has(e.name));
    expect(constructs.length).toBeGreaterThan(10);
    for (const element of constructs) expect(element.attributes, `<${element.name}>`).toEqual({ type: 'text' });

    expect(childrenNamed(root, 'title')[0]?.text).toBe(`${PROJECT}: support status changes`);
    expect(childrenNamed(childrenNamed(root, 'author')[0], 'name')[0]?.text).toBe(PROJECT);
    expect(childrenNamed(root, 'link').map((l) => l.attributes)).toEqual([
      { rel: 'alternate', href: 'https://support.example.org/?a="b"&c=<d>/' },
      { rel: 'self', type: 'application/atom+xml', href: 'https://support.example.org/?a="b"&c=<d>/exports/changes.atom' },
    ]);
    const entries = childrenNamed(root, 'entry').map((e) => ({
      id: childrenNamed(e, 'id')[0]?.text,
      title: childrenNamed(e, 'title')[0]?.text,
      summary: childrenNamed(e, 'summary')[0]?.text,
    }));
    const was = 'Tech Preview, not security supported';
    const now = 'Supported, security supported';
    expect(entries).toEqual(
      expect.arrayContaining([
        { id: 'urn:support-matrix:kestrel-b-hyper-b-amp-co-s:change:1.1:guests%2Fscript:-:x86', title: `${SCRIPT} on x86: ${was} → ${now} in 1.1`, summary: `${SCRIPT} on x86: ${was} → ${now} in 1.1 (feature guests/script)` },
        { id: 'urn:support-matrix:kestrel-b-hyper-b-amp-co-s:change:1.1:guests%2Fbold:-:arm', title: `${BOLD} on arm: ${was} → ${now} in 1.1`, summary: `${BOLD} on arm: ${was} → ${now} in 1.1 (feature guests/bold)` },
        {
          id: 'urn:support-matrix:kestrel-b-hyper-b-amp-co-s:change:working%20tree:tools%2Fquote:-:x86',
          title: `${QUOTE} on x86: ${now} → ${was} in working tree`,
          summary: `${QUOTE} on x86: ${now} → ${was} in working tree (feature tools/quote)`,
        },
        {
          id: 'urn:support-matrix:kestrel-b-hyper-b-amp-co-s:change:working%20tree:guests%2Fvariant:dom0:x86',
          title: `Variant host (dom0) on x86: ${was} → ${now} in working tree`,
          summary: `Variant host (dom0) on x86: ${was} → ${now} in working tree (feature guests/variant, variant dom0)`,
        },
      ]),
    );
    expect(entries).toHaveLength(8);
    // Same input, same bytes.
    expect((await cli(['export', '--format', 'atom', '--today', TODAY, '--site-url', 'https://support.example.org/?a="b"&c=<d>'], repo.dir)).stdout).toBe(atom);
  });

  it('writes JSON Feed 1.1 whose content_html is the HTML-escaped content_text', async () => {
    const repo = await hostileRepository();
    const run = await cli(['export', '--format', 'jsonfeed', '--today', TODAY], repo.dir);
    expect(run.code).toBe(0);
    const feed = JSON.parse(run.stdout) as JsonFeed;
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.title).toBe(`${PROJECT}: support status changes`);
    expect(feed.items).toHaveLength(8);
    const script = feed.items.filter((i) => i.id.includes('guests%2Fscript'));
    expect(script).toHaveLength(2);
    for (const item of script) {
      // Titles and content_text are plain text, so they keep the markup as text...
      expect(item.title.startsWith(SCRIPT)).toBe(true);
      expect(item.content_text.startsWith(SCRIPT)).toBe(true);
      // ...and content_html shows that text instead of running it.
      expect(item.content_html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    for (const item of feed.items) {
      expect(item.content_html).not.toMatch(/<[a-z/]/i);
      expect(item.content_html).toBe(item.content_text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
    }
    expect(feed.items.find((i) => i.id.includes('guests%2Fbold'))?.content_html).toContain('Bold &lt;b&gt;PVH&lt;/b&gt; &amp;amp; &lt;i&gt;more&lt;/i&gt;');
    expect(feed.items.find((i) => i.id.includes('tools%2Fquote'))?.content_html).toContain('Quote &quot;x&quot; &#39;y&#39; ]]&gt; end');
  });
});

const project = { name: 'Unit <Project>', repository: 'https://git.example.org/unit?x="1"&y=<2>' } as Project;
const meta: FeedMeta = { project, asOf: TODAY };

function entry(title: string, overrides: Partial<ChangeEntry> = {}): ChangeEntry {
  return { id: 'urn:support-matrix:unit:change:1.0:f:-:x86', title, date: '2025-08-01', release: '1.0', featureId: 'f', arch: 'x86', before: 'absent', after: 'Supported, security supported', identifier: 'unit:f@x86', ...overrides };
}

/** Whether `text` has no lone surrogate (`String#isWellFormed`, which ES2023 lacks). */
const wellFormed = (text: string): boolean => !/\p{Surrogate}/u.test(text);

/** Titles of the feed's entries as a strict XML parser reads them (throws unless well-formed). */
function atomTitles(atom: string): string[] {
  const { root, errors } = parseXml(atom);
  if (errors.length > 0) throw new Error(`Atom is not well-formed: ${errors.join('; ')}`);
  return childrenNamed(root, 'entry').map((e) => childrenNamed(e, 'title')[0]?.text ?? '<missing>');
}

describe('toAtom and toJsonFeed', () => {
  const hostile = 'a\u0001b\u001Bc\uFFFEd\uD800e\uFFFFf\uDC00';

  it('stay well-formed when titles hold characters XML 1.0 forbids, writing U+FFFD for each', () => {
    // The problem: these characters cannot appear in an XML 1.0 document at all, not even as references.
    expect(parseXml(`<t>${hostile}</t>`).errors).not.toEqual([]);
    expect(parseXml('<t>&#1;</t>').errors).not.toEqual([]);

    const atom = toAtom([entry(hostile)], meta);
    expect(atomTitles(atom)).toEqual(['a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFD']);
    const json = toJsonFeed([entry(hostile)], meta);
    // Strict UTF-8 consumers reject lone surrogates, escaped or not.
    expect(json).not.toMatch(/\\u[dD][89a-fA-F]/);
    expect(wellFormed(json)).toBe(true);
    const feed = JSON.parse(json) as JsonFeed;
    expect(feed.items[0]?.title).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFD');
    expect(feed.items[0]?.content_text.startsWith('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFD')).toBe(true);
  });

  it('keep tab, line ends, astral characters and quotes exactly, in text and in attributes', () => {
    const title = 'tab\there\r\nCRLF\rCR\nLF 😀 "q" \'a\' ]]> & <x>';
    const siteUrl = 'https://s.example.org/a\tb"c<d>&e';
    const atom = toAtom([entry(title)], { ...meta, siteUrl });
    expect(atomTitles(atom)).toEqual([title]);
    const { root } = parseXml(atom);
    expect(childrenNamed(childrenNamed(root, 'entry')[0], 'link')[0]?.attributes['href']).toBe(`${siteUrl}/features/f/`);
    expect(childrenNamed(root, 'link')[0]?.attributes['href']).toBe(`${siteUrl}/`);
    expect((JSON.parse(toJsonFeed([entry(title)], meta)) as JsonFeed).items[0]?.title).toBe(title);
  });

  it('escape the project name and repository link of the feed itself', () => {
    const { root, errors } = parseXml(toAtom([], meta));
    expect(errors).toEqual([]);
    expect(childrenNamed(root, 'title')[0]?.text).toBe('Unit <Project>: support status changes');
    expect(childrenNamed(root, 'subtitle')[0]?.text).toBe('Status and security-support changes of Unit <Project> features, release by release, and the end of each release\'s security support.');
    expect(childrenNamed(root, 'link')[0]?.attributes['href']).toBe(project.repository);
    expect(childrenNamed(root, 'updated')[0]?.text).toBe(`${TODAY}T00:00:00.000Z`);
    expect(childrenNamed(root, 'entry')).toEqual([]);
  });

  it('are well-formed for any title, project name and site URL, and keep every character XML can carry', () => {
    // Any UTF-16 code unit, lone surrogates included, and any code point.
    const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    const text = fc.oneof(fc.string({ unit }), fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", ']', '\r', '\n', '\t', '\u0000', 'a') }));
    const allowed = (s: string): string => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
    fc.assert(
      fc.property(text, text, text, (title, name, siteUrl) => {
        const m: FeedMeta = { project: { name } as Project, asOf: TODAY, siteUrl };
        const atom = toAtom([entry(title)], m);
        expect(atomTitles(atom)).toEqual([allowed(title)]);
        expect(childrenNamed(parseXml(atom).root, 'title')[0]?.text).toBe(allowed(`${name}: support status changes`));
        const json = toJsonFeed([entry(title)], m);
        expect(wellFormed(json)).toBe(true);
        expect((JSON.parse(json) as JsonFeed).items[0]?.title).toBe(allowed(title));
      }),
      { numRuns: 300 },
    );
  });

  it('write the same bytes for the same input', () => {
    const entries = [entry('one'), entry('two', { id: 'urn:support-matrix:unit:change:1.0:g:-:x86', featureId: 'g' })];
    expect(toAtom(entries, meta)).toBe(toAtom(entries, meta));
    expect(toJsonFeed(entries, meta)).toBe(toJsonFeed(entries, meta));
  });
});
