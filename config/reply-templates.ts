import { LANGUAGE_FILES } from './language-files.ts';
import { DEFAULT_OFFICIAL_CHANNELS, type OfficialChannels } from './official-channels.ts';

/**
 * Fixed reply texts for Herald's answers to "is this official?", one language per
 * `config/languages/<code>/templates.json` (its `reply` part; read and checked by language-files.ts).
 *
 * Replies are built only from these strings: the asker's words are never echoed, so a
 * scammer cannot make the Foundation's bot repeat a phishing link or slogan. The only
 * insertions are `{subject}` (a safe rendering chosen by composeReply), `{of}` (one of
 * `nameableChannels`) and `{channels}` (`officialChannels`).
 */

/** Generic nouns used instead of naming a subject that cannot be shown safely. */
export interface GenericSubjects {
  /** "that account" */
  account: string;
  /** "that link" */
  link: string;
  /** "that app" */
  app: string;
  /** "that" — when no subject was identified. */
  other: string;
}

/** One language's sentences. Placeholders: `{subject}`, `{of}`, `{channels}`. */
export interface LanguageTemplates {
  /**
   * Cannot be verified (unknown subject, a post or link that could not be loaded, a shortened
   * link): "I can't verify that" and what the Foundation never does. Never a "yes".
   */
  unsure: string;
  /** A channel the Foundation used before and no longer does. */
  former: string;
  /** Official, subject is a named account: "Yes — {subject} is an official … account." */
  officialAccount: string;
  /** Official, any other subject: "Yes — {subject} is an official … channel." */
  officialChannel: string;
  /** Not official: "No — {subject} is not an official Session channel." */
  unofficial: string;
  /** Impersonation of a named channel: "Careful — that looks like an impersonation of {of}." */
  lookalike: string;
  /** Impersonation, imitated channel not nameable. */
  lookalikeGeneric: string;
  /** The line listing the official channels, appended to every reply. */
  channelsLine: string;
  subjects: GenericSubjects;
  /**
   * `rtl` for right-to-left languages (Arabic): every inserted subject, channel list, URL and
   * the Mastodon @asker is wrapped in Unicode isolates (LRI … PDI) so it is not reordered.
   */
  direction?: 'ltr' | 'rtl';
}

/** All reply texts. `en` is required and is the fallback for unknown languages. */
export interface ReplyTemplates {
  /** The list that fills `{channels}`: the Foundation's own "only trust" channels. */
  officialChannels: string;
  /**
   * Official channels that may fill `{of}` (lower-case comparison). Anything else in a
   * verdict's `of` is replaced by the generic wording, so a forged or buggy verdict can never
   * make the bot name or @-mention an arbitrary account.
   */
  nameableChannels: string[];
  languages: { en: LanguageTemplates } & Record<string, LanguageTemplates>;
}

/** Every language's sentences, from config/languages/<code>/templates.json (English first). */
export const LANGUAGE_TEMPLATES: ReplyTemplates['languages'] = Object.fromEntries(
  Object.entries(LANGUAGE_FILES).map(([code, file]) => [code, file.reply]),
) as ReplyTemplates['languages'];

/**
 * The reply templates for a registry: the "Official: …" list is its `trustLine` (X handles written
 * `x.com/<handle>`, which links correctly on every platform and mentions nobody), and the
 * channels a reply may name are its X accounts, Mastodon accounts, Bluesky accounts (written
 * `bsky.app/profile/<handle>` here; composeReply renders each for the platform) and domains.
 */
export function replyTemplatesFor(channels: OfficialChannels): ReplyTemplates {
  return {
    officialChannels: channels.trustLine.map((entry) => (entry.startsWith('@') ? `x.com/${entry.slice(1)}` : entry)).join(', '),
    nameableChannels: [
      ...channels.xAccounts.map((a) => `@${a.handle}`),
      ...channels.mastodonAccounts,
      ...channels.blueskyAccounts.map((a) => `bsky.app/profile/${a.handle}`),
      ...channels.domains,
    ],
    languages: LANGUAGE_TEMPLATES,
  };
}

/** The templates for the registry Herald ships with. */
export const DEFAULT_REPLY_TEMPLATES: ReplyTemplates = replyTemplatesFor(DEFAULT_OFFICIAL_CHANNELS);
