// Every reading a cell can have reads in its own words wherever cells are
// shown (matrix, per-release matrix, Releases overview, history tables): one
// renderer, cellContent, for all of them.
import { describe, expect, it } from 'vitest';
import { cellContent, stateBadge } from '../../src/render/pages/components.js';
import type { SiteCell, SiteData } from '../../src/render/site-data.js';

const ctx = { root: '/' };
const site = { project: { architectures: [{ id: 'x86', name: 'x86' }, { id: 'arm', name: 'Arm' }], organisations: [{ id: 'qemu', name: 'QEMU' }] } } as unknown as SiteData;
const text = (html: unknown): string => String(html).replace(/<[^>]+>/g, '');
const cell = (fields: Partial<SiteCell>): SiteCell =>
  ({ featureId: 'f', arch: 'arm', state: 'applies', reading: 'applies', statePointer: '', verdict: 'not-required', limits: [], knownIssues: [], notes: [], anchor: 'a', csv: [], signoffState: 'not-required', reasons: [], ...fields }) as SiteCell;

describe('a cell in its own words', () => {
  it('names not applicable, not implemented, unknown, no status, arch not stated and absent differently, with the arch for screen readers', () => {
    const words = (['not-applicable', 'not-implemented', 'unknown', 'no-status', 'not-stated'] as const).map((reading) => text(cellContent(cell({ reading, state: reading === 'no-status' ? 'applies' : reading }), site, ctx)));
    expect(words).toEqual(['not applicable on Arm', 'not implemented on Arm', 'unknown on Arm', 'no status on Arm', 'arch not stated on Arm']);
    expect(text(stateBadge('absent'))).toBe('not in this release');
    expect(String(cellContent(cell({ reading: 'not-implemented', state: 'not-implemented' }), site, ctx))).toContain('title="Applies, but not implemented yet on this architecture"');
  });

  it('gives a status stated without an arch with its security support, and says the arch is not stated', () => {
    const html = String(cellContent(cell({ state: 'not-stated', reading: 'not-stated', status: 'Supported', securitySupport: 'yes', verdict: 'exempt', signoffState: 'exempt' }), site, ctx));
    expect(text(html)).toBe('Supportedsecurity supported arch not stated on Arm exempt (legacy, no sign-off recorded)');
    expect(html).toContain('class="state state-not-stated"');
  });

  it('gives status, security support in words and the caveat in place', () => {
    const html = String(cellContent(cell({ status: 'Supported', securitySupport: 'external', organisation: 'qemu', caveat: 'Only <b>PV</b>' }), site, ctx));
    expect(text(html)).toBe('Supportedsecurity supported by QEMUcaveatOnly <b>PV</b>'.replace('<b>', '&lt;b&gt;').replace('</b>', '&lt;/b&gt;'));
    expect(html).toContain('<details class="caveat"><summary>caveat</summary>');
  });

  it('says when a cell that needs a sign-off has none, and when the baseline exempts it', () => {
    expect(text(cellContent(cell({ status: 'Supported', securitySupport: 'yes', verdict: 'not-signed-off', signoffState: 'missing' }), site, ctx))).toBe('Supportedsecurity supported not signed off');
    expect(text(cellContent(cell({ status: 'Supported', securitySupport: 'yes', verdict: 'exempt', signoffState: 'exempt' }), site, ctx))).toBe('Supportedsecurity supported exempt (legacy, no sign-off recorded)');
    expect(text(cellContent(cell({ status: 'Supported', securitySupport: 'yes', verdict: 'not-signed-off', signoffState: 'revoked' }), site, ctx))).toBe('Supportedsecurity supported sign-off revoked');
  });
});
