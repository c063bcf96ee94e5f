import { describe, expect, it } from 'vitest';
import { addMonths, releaseDates, releaseState } from '../../src/model/releases.js';

describe('release dates', () => {
  it('adds months, clamping to the end of shorter months', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-11-15', 18)).toBe('2026-05-15');
    expect(addMonths('2024-03-01', 0)).toBe('2024-03-01');
  });

  it('computes end dates from the lifecycle unless given, and keeps TBD unknown', () => {
    const lifecycle = { 'supported-months': 18, 'security-supported-months': 36 };
    expect(releaseDates({ name: '2.0', ref: 'v2.0', 'initial-release': '2024-03-01' }, lifecycle)).toEqual({
      initialRelease: '2024-03-01',
      supportedUntil: '2025-09-01',
      securitySupportUntil: '2027-03-01',
      supportedSource: 'lifecycle',
      securitySource: 'lifecycle',
      provisional: false,
    });
    expect(releaseDates({ name: '2.0', ref: 'v2.0', 'initial-release': '2024-03-01', 'supported-until': '2025-01-01', provisional: true }, lifecycle)).toMatchObject({
      supportedUntil: '2025-01-01',
      supportedSource: 'explicit',
      securitySource: 'lifecycle',
      provisional: true,
    });
    expect(releaseDates({ name: 'next', ref: 'main', 'initial-release': 'TBD', 'supported-until': 'TBD' }, lifecycle)).toEqual({ supportedSource: 'tbd', securitySource: 'none', provisional: false });
  });

  it('tells where a release stands on a date', () => {
    const dates = releaseDates({ name: '2.0', ref: 'v2.0', 'initial-release': '2024-03-01', 'supported-until': '2025-03-01', 'security-support-until': '2026-03-01' }, {});
    expect(releaseState(dates, '2024-02-28')).toBe('unreleased');
    expect(releaseState(dates, '2025-03-01')).toBe('supported');
    expect(releaseState(dates, '2025-03-02')).toBe('security-supported');
    expect(releaseState(dates, '2026-03-02')).toBe('unsupported');
    expect(releaseState(releaseDates({ name: 'x', ref: 'x' }, {}), '2025-01-01')).toBe('unreleased');
  });
});
