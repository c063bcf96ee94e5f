import { describe, expect, it } from 'vitest';
import { escapeHtml, html, safeUrl, trusted } from '../../src/render/html.js';

describe('html', () => {
  it('escapes every interpolation, in text and in attributes', () => {
    const title = `<script>alert("x")</script>' onmouseover='y`;
    expect(html`<h1 title="${title}">${title}</h1>`.value).toBe(
      '<h1 title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y</h1>',
    );
  });

  it('keeps nested html and trusted markup, joins arrays and drops null, undefined and false', () => {
    expect(html`<ul>${['a', 'b'].map((x) => html`<li>${x}</li>`)}</ul>${null}${undefined}${false}${0}`.value).toBe('<ul><li>a</li><li>b</li></ul>0');
    expect(html`${trusted('<b>ok</b>')}`.value).toBe('<b>ok</b>');
  });

  it('escapes & < > " and \'', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});

describe('safeUrl', () => {
  it('allows http(s), mailto and relative URLs', () => {
    for (const url of ['https://a.example/x?y#z', 'http://a.example', 'mailto:sec@example.org', '../x/', '#frag', 'page.html', '/abs']) expect(safeUrl(url)).toBe(url);
  });

  it('refuses script and data schemes, whatever their case or padding', () => {
    for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,x', 'vbscript:x', 'jav\tascript:x'.replace('\t', '')]) expect(safeUrl(url)).toBeUndefined();
  });
});
