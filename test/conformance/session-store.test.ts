import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionStore } from '../../src/ports/session-store.ts';
import { type OpenStores, STORE_FAMILIES } from './store-families.ts';

describe.each(STORE_FAMILIES)('platform sessions ($name)', (family) => {
  let open: OpenStores;
  let sessions: SessionStore;
  beforeEach(async () => {
    open = await family.open();
    sessions = open.stores.sessions;
  });
  afterEach(() => open.close());

  it('has none before a login, then the last one saved, per platform and account (case-insensitive)', async () => {
    expect(await sessions.get('bluesky', 'session.foundation')).toBeUndefined();
    await sessions.set('bluesky', 'session.foundation', '{"accessJwt":"a1"}');
    await sessions.set('bluesky', 'Session.Foundation', '{"accessJwt":"a2"}');
    expect(await sessions.get('bluesky', 'session.foundation')).toBe('{"accessJwt":"a2"}');
    expect(await sessions.get('bluesky', 'other.example')).toBeUndefined();
    expect(await sessions.get('mastodon', 'session.foundation')).toBeUndefined();
  });

  it('keeps a DID as the account (colons and all)', async () => {
    await sessions.set('bluesky', 'did:plc:z72i7hdynmk6r22z27h6tvur', 'tokens');
    expect(await sessions.get('bluesky', 'did:plc:z72i7hdynmk6r22z27h6tvur')).toBe('tokens');
    expect(await sessions.get('bluesky', 'did:plc:other')).toBeUndefined();
  });
});
