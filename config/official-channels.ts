/**
 * The Session Technology Foundation's official channels.
 *
 * Scammers impersonate the Foundation; its public rule is "only trust updates from
 * session.foundation or @SessionTechFND". Herald's answer to "is this official?" is only as
 * good as this list, so it lives in one reviewed place and every check reads it from here.
 */
export interface OfficialChannels {
  /** Official web domains; every subdomain of one of them is official too. Lower-case ASCII. */
  domains: string[];
  /**
   * Official X accounts. `handle` is compared case-insensitively; `id` (numeric, stable across
   * renames) is compared when both sides know it. Ids are unknown offline, so left undefined.
   */
  xAccounts: Array<{ handle: string; id?: string }>;
  /** Official Mastodon accounts as `user@instance`, compared lower-case. */
  mastodonAccounts: string[];
  /** Store ids of the official Session Messenger app listings. */
  appStoreIds: { apple: string[]; google: string[] };
  /**
   * Brand names that impersonators imitate (compared after confusable folding, ignoring case
   * and `_ - .` separators). Lookalikes of these are flagged even when they imitate no single
   * channel exactly, e.g. `@session` or `sessiontoken.io`.
   */
  names: string[];
}

/**
 * The channels as published by the Foundation.
 *
 * `names` deliberately keeps to the Session family. "oxen" (the predecessor network) is left
 * out: it is a separate brand, names no channel a lookalike warning could point to, and as a
 * four-letter word it would make edit-distance matching flag unrelated accounts.
 */
export const DEFAULT_OFFICIAL_CHANNELS: OfficialChannels = {
  domains: ['getsession.org', 'session.foundation'],
  xAccounts: [{ handle: 'SessionTechFND' }, { handle: 'session_app' }],
  mastodonAccounts: ['session@mastodon.social'],
  appStoreIds: { apple: ['id1470168868'], google: ['network.loki.messenger'] },
  names: ['session', 'sessiontechfnd', 'session_app', 'getsession', 'sessionfoundation', 'sessionmessenger'],
};
