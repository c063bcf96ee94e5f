import { describe, expect, it } from 'vitest';
import { renderProse } from '../../src/render/markdown.js';
import { renderProseAll } from '../../src/render/prose-pool.js';

describe('renderProseAll', () => {
  it('renders on worker threads the same HTML, in the same order, as one thread does', async () => {
    // Enough documents to start workers; each distinct so order mistakes show.
    const texts = Array.from({ length: 450 }, (_, i) => `---\ntitle: F${i}\n---\n## Part ${i}\n\nText **${i}** with <script>x</script> and [a link](https://example.org/${i}).\n`);
    const html = await renderProseAll(texts);
    expect(html).toHaveLength(450);
    expect(html).toEqual(texts.map(renderProse));
    expect(html[7]).toContain('id="doc-part-7"');
    expect(html.join('')).not.toContain('<script');
  });
});
