// Every state a cell can be in reads in its own words wherever cells are
// shown: the history tables and the Releases page included, where all of
// them used to read "n/a".
import { describe, expect, it } from 'vitest';
import { summary } from '../../src/render/pages/releases.js';

const ctx = { root: '/' } as Parameters<typeof summary>[0];
const text = (html: unknown): string => String(html).replace(/<[^>]+>/g, '');

describe('summary of a row across arches', () => {
  it('names not-implemented and unknown as such, never as n/a', () => {
    expect(text(summary(ctx, [{ arch: 'x86', value: { state: 'not-implemented' } }]))).toBe('not implemented');
    expect(text(summary(ctx, [{ arch: 'x86', value: { state: 'unknown' } }]))).toBe('unknown');
    expect(text(summary(ctx, [{ arch: 'x86', value: { state: 'not-applicable' } }]))).toBe('n/a');
    expect(String(summary(ctx, [{ arch: 'x86', value: { state: 'not-implemented' } }]))).toContain('title="Applies, but not implemented yet on this architecture"');
  });

  it('lists arches one by one when their states differ', () => {
    expect(text(summary(ctx, [
      { arch: 'x86', value: { state: 'not-applicable' } },
      { arch: 'arm', value: { state: 'not-implemented' } },
    ]))).toBe('x86: n/aarm: not implemented');
  });

  it('marks a release cell that needs a sign-off and has none, and one the baseline exempts', () => {
    expect(text(summary(ctx, [{ arch: 'x86', value: { state: 'applies', status: 'Supported', securitySupport: 'yes', signoff: 'not-signed-off' } }]))).toBe('Supported not signed off');
    expect(text(summary(ctx, [{ arch: 'x86', value: { state: 'applies', status: 'Supported', securitySupport: 'yes', signoff: 'exempt' } }]))).toBe('Supported exempt (legacy, no sign-off recorded)');
  });
});
