import { describe, expect, it } from 'vitest';
import { renderProse } from '../../src/render/markdown.js';

describe('prose rendering', () => {
  it('drops bidirectional overrides and control characters that character references make, in text and in link targets', () => {
    const html = renderProse('---\ntitle: T\n---\n\nSafe &#x202E;detroppuS&#x202C; here, &#x2066;isolated&#x2069;, a bell &#7; and [a link](https://example.org/&#x202E;x "t&#x202E;").\n');
    expect(html).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
    expect(html).toContain('Safe detroppuS here, isolated');
  });
});
