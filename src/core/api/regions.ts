/** The data centres of the whiteboard service; a room lives in exactly one of them. */
export type Region = 'us-sv' | 'sg' | 'in-mum' | 'eu' | 'cn-hz';

export const REGIONS: readonly Region[] = Object.freeze(['us-sv', 'sg', 'in-mum', 'eu', 'cn-hz'] as const);

/** Where each data centre is, for pickers and messages. */
export const REGION_NAMES: Readonly<Record<Region, string>> = Object.freeze({
  'us-sv': 'Silicon Valley, US',
  sg: 'Singapore',
  'in-mum': 'Mumbai, India',
  eu: 'Frankfurt, Europe',
  'cn-hz': 'Hangzhou, China',
});

/** Region names the service used to accept, mapped to the one that replaced them. */
export const RETIRED_REGIONS: Readonly<Record<string, Region>> = Object.freeze({ 'gb-lon': 'eu' });

/** The region that replaced a retired name; only the table's own entries count (not `__proto__`, `toString`). */
export function replacementOf(value: string): Region | undefined {
  return Object.prototype.hasOwnProperty.call(RETIRED_REGIONS, value) ? RETIRED_REGIONS[value] : undefined;
}

export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}

/**
 * A region as read from the settings or a request: a retired name stands for the region that replaced it
 * (`gb-lon` is `eu`), and `retired` says so, for the warning; anything else is returned as it is, for the
 * checks to judge.
 */
export function readRegion<T extends string | undefined>(value: T): { region: T | Region; retired?: string } {
  const replacement = typeof value === 'string' ? replacementOf(value) : undefined;
  return replacement ? { region: replacement, retired: value as string } : { region: value };
}
