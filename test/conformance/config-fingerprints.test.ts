import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigFingerprint } from '../../src/domain/config-fingerprint.ts';
import type { ConfigFingerprints } from '../../src/ports/config-fingerprints.ts';
import { type OpenStores, STORE_FAMILIES } from './store-families.ts';

const F1: ConfigFingerprint = { hash: 'aaaa1111', settings: { FEED_URLS: 'https://session.foundation/feed.xml', 'DRY_RUN/X': 'live' } };
const F2: ConfigFingerprint = { hash: 'bbbb2222', settings: { FEED_URLS: 'https://example.org/other.xml', 'DRY_RUN/X': 'dry run' } };
/** Long enough that Redis does not expire it while a test runs; short enough to wait out. */
const TTL = 60_000;
const SHORT = 40;

describe.each(STORE_FAMILIES)('configuration fingerprints ($name)', (family) => {
  let open: OpenStores;
  let prints: ConfigFingerprints;
  beforeEach(async () => {
    open = await family.open();
    prints = open.stores.fingerprints;
  });
  afterEach(() => open.close());

  it('the first instance takes a new prefix over; a replica with the same fingerprint joins', async () => {
    expect(await prints.inspect()).toEqual({ live: [] });
    expect(await prints.claim('a', F1, TTL)).toEqual({ kind: 'took-over', live: 0 });
    expect(await prints.claim('b', F1, TTL)).toEqual({ kind: 'joined', live: 1 });
    const seen = await prints.inspect();
    expect(seen.recorded).toEqual(F1);
    expect(seen.live.map((l) => `${l.instance}=${l.hash}`).sort()).toEqual(['a=aaaa1111', 'b=aaaa1111']);
  });

  it('refuses another fingerprint while an instance holding the prefix is live, and records nothing', async () => {
    await prints.claim('a', F1, TTL);
    await prints.claim('b', F1, TTL);
    expect(await prints.claim('c', F2, TTL)).toEqual({ kind: 'refused', differing: 2, theirs: F1 });
    const seen = await prints.inspect();
    expect(seen.recorded).toEqual(F1);
    expect(seen.live.map((l) => l.instance).sort()).toEqual(['a', 'b']);
    // The live instances are undisturbed.
    expect(await prints.heartbeat('a', F1, TTL)).toEqual({ kind: 'ok' });
  });

  it('once the live instances have left or expired, a changed fingerprint takes over and names the previous one', async () => {
    await prints.claim('a', F1, TTL);
    await prints.claim('b', F1, SHORT);
    await prints.leave('a');
    await open.letTimePass(SHORT + 20);
    expect((await prints.inspect()).live).toEqual([]);
    expect(await prints.claim('c', F2, TTL)).toEqual({ kind: 'took-over', live: 0, previous: F1 });
    expect((await prints.inspect()).recorded).toEqual(F2);
  });

  it('a heartbeat keeps an instance live; without one it expires', async () => {
    await prints.claim('a', F1, SHORT);
    await prints.claim('b', F1, SHORT);
    await open.letTimePass(SHORT / 2);
    expect(await prints.heartbeat('a', F1, TTL)).toEqual({ kind: 'ok' });
    await open.letTimePass(SHORT);
    expect((await prints.inspect()).live.map((l) => l.instance)).toEqual(['a']);
    expect(await prints.claim('c', F2, TTL)).toMatchObject({ kind: 'refused', differing: 1 });
  });

  it('an instance whose fingerprint was replaced learns so on its heartbeat, and stops counting as live', async () => {
    await prints.claim('a', F1, SHORT);
    await open.letTimePass(SHORT + 20);
    await prints.claim('c', F2, TTL);
    expect(await prints.heartbeat('a', F1, TTL)).toEqual({ kind: 'replaced', current: F2 });
    expect((await prints.inspect()).live.map((l) => l.instance)).toEqual(['c']);
    // Positive control: the new holder's own heartbeat is fine.
    expect(await prints.heartbeat('c', F2, TTL)).toEqual({ kind: 'ok' });
  });

  it('an instance that claims again (a restart under the same name) is not refused by its own entry', async () => {
    await prints.claim('a', F1, TTL);
    expect(await prints.claim('a', F2, TTL)).toEqual({ kind: 'took-over', live: 0, previous: F1 });
  });
});
