import rehypeAutolinkHeadings from 'rehype-autolink-headings';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import type { Element, Root } from 'hast';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { splitFrontmatter } from '../load/frontmatter.js';

/** Prefix of heading ids made from prose, so they never collide with the page's own ids. */
export const PROSE_ID_PREFIX = 'doc-';

/**
 * The frozen pipelines, reused for every feature. Safety comes from three
 * layers: remark-rehype drops raw HTML, rehype-sanitize (GitHub's schema)
 * removes what remains dangerous (event handlers, `javascript:` URLs,
 * iframes, forms), and the site's Content-Security-Policy forbids inline
 * script. Heading ids are added after sanitising, from the heading text.
 */
function pipeline(frontmatter: boolean) {
  const parse = frontmatter ? unified().use(remarkParse).use(remarkFrontmatter, ['yaml']) : unified().use(remarkParse);
  return parse
    .use(remarkGfm)
    .use(remarkRehype)
    .use(rehypeSanitize, { ...defaultSchema, clobberPrefix: 'user-content-' })
    .use(imagesToLinks)
    .use(dropInvisibleControls)
    .use(rehypeSlug, { prefix: PROSE_ID_PREFIX })
    .use(rehypeAutolinkHeadings, {
      behavior: 'append',
      properties: { className: ['anchor'], ariaLabel: 'Link to this section' },
      content: { type: 'text', value: '#' },
    })
    .use(rehypeStringify)
    .freeze();
}
/** A whole file: a frontmatter block is parsed as such and left out. */
const processor = pipeline(true);
/**
 * The body of a feature file alone, its frontmatter split off as `check`
 * splits it ({@link splitFrontmatter}): micromark then does not scan the
 * YAML, a third of a typical file. No frontmatter extension, so a body that
 * starts with a `---` line is a thematic break, as it was after the
 * frontmatter.
 */
const bodyProcessor = pipeline(false);

/**
 * Replaces every image with a link to it. The site hosts no images, and a
 * remote one would be a request to another host each time a reader opens
 * the page (a tracking pixel, were the Content-Security-Policy ever lost).
 */
function imagesToLinks() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'img') return;
      const src = typeof node.properties['src'] === 'string' ? node.properties['src'] : undefined;
      const alt = typeof node.properties['alt'] === 'string' && node.properties['alt'] !== '' ? node.properties['alt'] : 'image';
      node.tagName = src === undefined ? 'span' : 'a';
      node.properties = src === undefined ? { className: ['image'] } : { href: src, className: ['image'] };
      node.children = [{ type: 'text', value: `[image: ${alt}]` }];
    });
  };
}

// Bidirectional embeddings, overrides and isolates, and other controls a
// character reference (`&#x202E;`) can make: `check` refuses them written
// out (FORBIDDEN_CHARACTER in load/source.ts, the same set), and the
// rendered text must not get them in by reference either. Kept here, not
// imported: the prose cache's renderer id hashes this file, so a change to
// the set must change it.
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Removes, from every text and attribute value, the characters `check` refuses in files. */
function dropInvisibleControls() {
  return (tree: Root): void => {
    visit(tree, (node) => {
      if (node.type === 'text' || node.type === 'comment') node.value = node.value.replace(INVISIBLE_CONTROLS, '');
      else if (node.type === 'element') {
        for (const [key, value] of Object.entries(node.properties)) {
          if (typeof value === 'string') node.properties[key] = value.replace(INVISIBLE_CONTROLS, '');
        }
      }
    });
  };
}

// Rendered prose by source text. `serve` rebuilds in one long-lived process:
// an unchanged feature is not rendered again. Bounded, oldest dropped first.
const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/** Renders a feature file's markdown (frontmatter included, and skipped) to sanitised HTML. */
export function renderProse(markdown: string): string {
  const hit = cache.get(markdown);
  if (hit !== undefined) return hit;
  const split = splitFrontmatter(markdown);
  const rendered = 'body' in split ? String(bodyProcessor.processSync(split.body)).trim() : renderWholeFile(markdown);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(markdown, rendered);
  return rendered;
}

/** Seeds the cache with prose rendered elsewhere (by the worker pool). */
export function rememberProse(markdown: string, html: string): void {
  if (cache.size < CACHE_LIMIT) cache.set(markdown, html);
}

/** The whole file through the frontmatter pipeline, as prose was rendered before the body was split off: the reference tests hold {@link renderProse} to. */
export function renderWholeFile(markdown: string): string {
  return String(processor.processSync(markdown)).trim();
}
