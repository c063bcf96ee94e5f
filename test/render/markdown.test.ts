import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { renderProse, renderWholeFile } from '../../src/render/markdown.js';
import { feature } from '../../bench/generate.js';
import { repoRoot } from '../helpers/cli.js';

const front = '---\ntitle: T\nsection: S\n---\n';

describe('renderProse', () => {
  it('skips the frontmatter and renders GFM: tables, task lists, autolinks, strikethrough', () => {
    const html = renderProse(`${front}## Usage\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\nSee https://example.org and ~~old~~.\n`);
    expect(html).not.toContain('title: T');
    expect(html).toContain('<table>');
    expect(html).toContain('type="checkbox"');
    expect(html).toContain('<a href="https://example.org">https://example.org</a>');
    expect(html).toContain('<del>old</del>');
  });

  it('gives headings prefixed ids and an anchor link', () => {
    expect(renderProse(`${front}## User details\n`)).toBe(
      '<h2 id="doc-user-details">User details<a class="anchor" aria-label="Link to this section" href="#doc-user-details">#</a></h2>',
    );
  });

  it('skips frontmatter whose fences have trailing spaces or CRLF line endings, as the checker accepts them', () => {
    expect(renderProse('---  \ntitle: T\n---\t\nBody\n')).toBe('<p>Body</p>');
    expect(renderProse('---\r\ntitle: T\r\n---\r\nBody\r\n')).toBe('<p>Body</p>');
  });

  it('turns images into links, so no page loads anything from another host', () => {
    expect(renderProse(`${front}![pixel](http://evil.example/p.png) ![](local.png)\n`)).toBe(
      '<p><a href="http://evil.example/p.png" class="image">[image: pixel]</a> <a href="local.png" class="image">[image: image]</a></p>',
    );
  });

  const vectors: Array<[string, string]> = [
    ['script tag', '<script>alert(1)</script>'],
    ['image with onerror', '<img src=x onerror="alert(1)">'],
    ['iframe', '<iframe src="https://evil.example"></iframe>'],
    ['javascript: link', '[click](javascript:alert(1))'],
    ['javascript: link with entities', '[click](jav&#x61;script:alert(1))'],
    ['data: URL link', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['svg with script', '<svg><script>alert(1)</script></svg>'],
    ['style with expression', '<div style="width: expression(alert(1))">x</div>'],
    ['form', '<form action="https://evil.example"><input name=a></form>'],
    ['reference-style javascript: link', '[click][x]\n\n[x]: javascript:alert(1)'],
    ['autolink javascript:', '<javascript:alert(1)>'],
    ['object/embed', '<object data="x.swf"></object><embed src="x.swf">'],
  ];
  for (const [name, markdown] of vectors) {
    it(`renders a ${name} inert`, () => {
      const html = renderProse(`${front}${markdown}\n`);
      // Text may still read "javascript:"; what matters is that no element, handler, style or URL attribute survives.
      expect(html).not.toMatch(/<script|<iframe|<svg|<form|<object|<embed|<input name|\son\w+=|(href|src|action|data)="\s*(javascript|data):|expression\(|style=/i);
    });
  }
});

describe('renderProse of the body alone', () => {
  // Prose is rendered from the body that `check` split off, without the
  // frontmatter pipeline (issue 16: micromark no longer scans the YAML).
  // The HTML must be what the whole file through remark-frontmatter gave.
  const walk = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.md'))
      .map((e) => path.join(e.parentPath, e.name));

  it('is what the whole file gave, for every feature file of the sample, the fixtures, the vendored corpora and the bench generator', () => {
    const texts = [...walk(path.join(repoRoot, 'features')), ...walk(path.join(repoRoot, 'test/fixtures')), ...walk(path.join(repoRoot, 'test/corpora'))].map((f) => readFileSync(f, 'utf8'));
    for (let i = 0; i < 200; i++) texts.push(feature(i));
    expect(texts.length).toBeGreaterThan(300);
    for (const text of texts) expect(renderProse(text)).toBe(renderWholeFile(text));
  });

  it('is what the whole file gave where the body starts or ends at an edge', () => {
    const yaml = 'title: T\nstatus: Supported\n';
    const bodies = ['', '\n', '---\n', '---\nnot: yaml\n---\n', '***\n\n# Heading\n', '    indented code\n', '# A\n\n# A\n', 'text\n---\n', '| a | b |\n|---|---|\n| 1 | 2 |\n', '[x]: https://example.org\n\n[x]\n'];
    for (const fence of ['---', '--- ', '---\t']) {
      for (const eol of ['\n', '\r\n']) {
        for (const body of bodies) {
          const text = `${fence}${eol}${yaml.replaceAll('\n', eol)}---${eol}${body.replaceAll('\n', eol)}`;
          expect(renderProse(text), JSON.stringify(text)).toBe(renderWholeFile(text));
        }
      }
    }
  });
});
