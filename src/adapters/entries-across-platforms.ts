import type { LedgerEntry } from '../domain/ledger-entry.ts';
import { PLATFORMS, type Platform } from '../domain/platform.ts';

/** A key's ledger entries on every platform that has one, read one platform at a time by `get` (both ledger adapters). */
export async function entriesAcrossPlatforms(
  key: string,
  get: (key: string, platform: Platform) => Promise<LedgerEntry | undefined>,
): Promise<Partial<Record<Platform, LedgerEntry>>> {
  const found: Partial<Record<Platform, LedgerEntry>> = {};
  for (const platform of PLATFORMS) {
    const entry = await get(key, platform);
    if (entry) found[platform] = entry;
  }
  return found;
}
