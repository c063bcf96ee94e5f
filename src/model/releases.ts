import type { Lifecycle, ReleaseConfig } from '../types.js';
import { dayNumber } from './signoffs.js';

/** A release's dates, explicit or computed from the lifecycle policy. */
export interface ReleaseDates {
  /** `YYYY-MM-DD`, or undefined while unreleased (absent or `TBD`). */
  initialRelease?: string;
  supportedUntil?: string;
  securitySupportUntil?: string;
  /** Where each end date came from. */
  supportedSource: 'explicit' | 'lifecycle' | 'tbd' | 'none';
  securitySource: 'explicit' | 'lifecycle' | 'tbd' | 'none';
  provisional: boolean;
}

/** Where a release stands on a date. */
export type ReleaseState = 'unreleased' | 'supported' | 'security-supported' | 'unsupported';

/** `date` plus `months`, clamped to the end of shorter months (2024-01-31 + 1 → 2024-02-29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` plus `days` (negative: before), in UTC. */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/**
 * Resolves a release's dates: explicit values win; otherwise the lifecycle
 * policy counts from the initial release. `TBD` stays unknown.
 */
export function releaseDates(release: ReleaseConfig, lifecycle: Lifecycle): ReleaseDates {
  const initial = release['initial-release'];
  const released = initial !== undefined && initial !== 'TBD' ? initial : undefined;
  const end = (explicit: string | undefined, months: number | undefined): [string | undefined, ReleaseDates['supportedSource']] => {
    if (explicit === 'TBD') return [undefined, 'tbd'];
    if (explicit !== undefined) return [explicit, 'explicit'];
    if (released !== undefined && months !== undefined) return [addMonths(released, months), 'lifecycle'];
    return [undefined, 'none'];
  };
  const [supportedUntil, supportedSource] = end(release['supported-until'], lifecycle['supported-months']);
  const [securitySupportUntil, securitySource] = end(release['security-support-until'], lifecycle['security-supported-months']);
  const dates: ReleaseDates = { supportedSource, securitySource, provisional: release.provisional === true };
  if (released !== undefined) dates.initialRelease = released;
  if (supportedUntil !== undefined) dates.supportedUntil = supportedUntil;
  if (securitySupportUntil !== undefined) dates.securitySupportUntil = securitySupportUntil;
  return dates;
}

/** A release's state on `today`; an end date that is not known yet counts as still running. */
export function releaseState(dates: ReleaseDates, today: string): ReleaseState {
  const now = dayNumber(today);
  const initial = dates.initialRelease === undefined ? undefined : dayNumber(dates.initialRelease);
  if (now === undefined || initial === undefined || initial > now) return 'unreleased';
  const until = (date: string | undefined): number => (date === undefined ? Infinity : (dayNumber(date) ?? Infinity));
  if (now <= until(dates.supportedUntil)) return 'supported';
  if (now <= until(dates.securitySupportUntil)) return 'security-supported';
  return 'unsupported';
}
