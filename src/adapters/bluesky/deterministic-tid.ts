import { createHash } from 'node:crypto';

const SORTABLE = '234567abcdefghijklmnopqrstuvwxyz';
/** 2023-01-01T00:00:00Z in microseconds: every derived key's timestamp falls in the year after it. */
const WINDOW_START_US = 1_672_531_200_000_000n;
const WINDOW_US = 365n * 86_400_000_000n;

/**
 * The record key (a TID) of the Bluesky post made for one publish: the same key for every attempt
 * of the same (item, platform) or reply, on every replica. The PDS refuses to create a second
 * record under a key it already holds (its repository tree cannot hold two values at one key), so
 * an attempt that did reach it can never be repeated into a duplicate, and the post can be looked
 * up by its key after an unknown outcome.
 *
 * A TID is 64 bits: a zero bit, 53 bits of microseconds and a 10-bit clock id, written in
 * base32-sortable (13 characters). Both parts come from a SHA-256 of the idempotency key; the
 * timestamp is kept in a fixed past year so no key reads as a date in the future. (A TID's time is
 * a hint only: the spec says record keys chosen by clients must not be trusted as dates.)
 */
export function deterministicTid(idempotencyKey: string): string {
  const digest = createHash('sha256').update(`herald-bluesky-rkey:${idempotencyKey}`).digest();
  const n = digest.readBigUInt64BE(0);
  const timestamp = WINDOW_START_US + ((n >> 10n) % WINDOW_US);
  let value = (timestamp << 10n) | (n & 1023n);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = SORTABLE[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}
