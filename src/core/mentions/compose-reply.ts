import { twitterText } from '../twitter-text.ts';
import type { LanguageTemplates, ReplyTemplates } from '../../../config/reply-templates.ts';
import type { Platform } from '../../domain/platform.ts';
import type { Subject } from './parse-subject.ts';
import type { Verdict } from './verdict.ts';

export interface ComposeReplyArgs {
  platform: Platform;
  /** Language code from classifyMention; unknown codes fall back to English. */
  language: string;
  subject: Subject | undefined;
  verdict: Verdict;
  /** Mastodon: the asker's acct; the reply starts with `@acct` so it reaches them. */
  replyToAcct?: string;
  /**
   * "Check any link: <base>/check" (REPLY_CHECK_LINK): the last line, and the first thing
   * dropped when the reply would not fit.
   */
  checkLine?: string;
}

const X_HANDLE = /^[A-Za-z0-9_]{1,15}$/u;
const MASTODON_ACCT = /^[A-Za-z0-9_]{1,30}(?:@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+)?$/u;
const HOST = /^[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9](?:[a-z0-9-]{0,62}))+$/u;
const MAX_HOST_LENGTH = 64;
/** A space between two CJK characters, left when a generic CJK noun fills `{subject} `. */
const CJK_SPACE = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]) (?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])/gu;
const X_LIMIT = 280;
const MASTODON_LIMIT = 500;
const BLUESKY_LIMIT = 300;
const BLUESKY_PROFILE = /^bsky\.app\/profile\/([a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9](?:[a-z0-9-]{0,62}))+)$/u;
/** LEFT-TO-RIGHT ISOLATE … POP DIRECTIONAL ISOLATE: keeps a handle, host or URL whole in right-to-left text. */
const LRI = '\u2066';
const PDI = '\u2069';
/** RIGHT-TO-LEFT MARK: a strong right-to-left character, so a reply that opens with a Latin @asker is still read right to left. */
const RLM = '\u200F';
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const UTF8 = new TextEncoder();

/**
 * The reply text for one verdict: fixed template sentences in the asker's language plus the
 * official channels line.
 *
 * Nothing the asker wrote is echoed. The subject is named only in a form that cannot carry an
 * attack: an ASCII X handle (`@name` on X, `x.com/name` elsewhere so no stray account is
 * mentioned there), a nameable official Mastodon or Bluesky account or host, or an unofficial host
 * defanged as `example[.]com` so it is not a link; everything else becomes "that account" /
 * "that link". The imitated channel (`of`) is named only if it is in the templates' list of
 * nameable official channels. Fits X's 280 weighted characters, Mastodon's 500 and Bluesky's 300 graphemes.
 * In a right-to-left language every inserted handle, host and channel list is wrapped in Unicode
 * isolates (`ltrIsolate`), so the bidi algorithm cannot reorder it, and the Mastodon @asker also
 * gets a right-to-left mark before it (`leadingName`).
 */
export function composeReply(args: ComposeReplyArgs, templates: ReplyTemplates): string {
  try {
    return compose(args, templates);
  } catch {
    return templates.languages.en.channelsLine.replace('{channels}', templates.officialChannels);
  }
}

function compose(args: ComposeReplyArgs, templates: ReplyTemplates): string {
  const t: LanguageTemplates = templates.languages[args.language] ?? templates.languages.en;
  const platform: Platform = args.platform === 'mastodon' || args.platform === 'bluesky' ? args.platform : 'x';
  const iso = (text: string) => ltrIsolate(text, t);
  const channelsLine = fill(t.channelsLine, '{channels}', iso(templates.officialChannels));
  const sentence = verdictSentence(t, platform, args, templates.nameableChannels, iso).replace(CJK_SPACE, '$1');
  const prefix = platform === 'mastodon' ? mastodonPrefix(args.replyToAcct, (name) => leadingName(name, t)) : '';

  const checkLine = typeof args.checkLine === 'string' && args.checkLine !== '' ? args.checkLine : undefined;
  const full = `${prefix}${sentence}\n${channelsLine}`;
  const candidates = [full, `${prefix}${sentence}`, `${prefix}${channelsLine}`];
  if (checkLine !== undefined) candidates.unshift(`${full}\n${checkLine}`);
  for (const candidate of candidates) {
    if (fits(candidate, platform)) return candidate;
  }
  return channelsLine;
}

/**
 * `text` as it is inserted into `t`'s sentences: in a right-to-left language wrapped in LRI … PDI
 * (a handle, host or URL is left-to-right), unchanged otherwise.
 */
export function ltrIsolate(text: string, t: Pick<LanguageTemplates, 'direction'> | undefined): string {
  return t?.direction === 'rtl' ? `${LRI}${text}${PDI}` : text;
}

/**
 * The @asker a reply opens with: in a right-to-left language isolated and preceded by a
 * right-to-left mark, so the paragraph direction (which dir="auto" and most clients take from the
 * first strong character) is still right to left.
 */
export function leadingName(name: string, t: Pick<LanguageTemplates, 'direction'> | undefined): string {
  return t?.direction === 'rtl' ? `${RLM}${LRI}${name}${PDI}` : name;
}

function verdictSentence(
  t: LanguageTemplates,
  platform: Platform,
  { subject, verdict }: Pick<ComposeReplyArgs, 'subject' | 'verdict'>,
  nameable: readonly string[],
  iso: (text: string) => string,
): string {
  switch (verdict.verdict) {
    case 'official': {
      const named = officialName(platform, subject, nameable);
      const template = named?.isAccount === true ? t.officialAccount : t.officialChannel;
      return fill(template, '{subject}', named === undefined ? genericSubject(t, subject) : iso(named.text));
    }
    case 'lookalike': {
      const of = nameOf(platform, verdict.of, nameable);
      return of === undefined ? t.lookalikeGeneric : fill(t.lookalike, '{of}', iso(of));
    }
    case 'unsure':
      return t.unsure;
    case 'former':
      return t.former;
    default: {
      const host = defangedHost(subject);
      return fill(t.unofficial, '{subject}', host === undefined ? genericSubject(t, subject) : iso(host));
    }
  }
}

/** How an official subject may be named, if at all. */
function officialName(
  platform: Platform,
  subject: Subject | undefined,
  nameable: readonly string[],
): { text: string; isAccount: boolean } | undefined {
  if (subject === undefined) return undefined;
  switch (subject.kind) {
    case 'x-account': {
      const handle = String(subject.handle).replace(/^@/u, '');
      if (!X_HANDLE.test(handle)) return undefined;
      return { text: platform === 'x' ? `@${handle}` : `x.com/${handle}`, isAccount: true };
    }
    case 'mastodon-account': {
      const text = nameOf(platform, String(subject.acct).replace(/^@/u, ''), nameable);
      return text === undefined ? undefined : { text, isAccount: true };
    }
    case 'bluesky-account': {
      const text = nameOf(platform, `bsky.app/profile/${String(subject.handle).replace(/^@/u, '').toLowerCase()}`, nameable);
      return text === undefined ? undefined : { text, isAccount: true };
    }
    case 'url':
    case 'domain': {
      const host = safeHost(subject.kind === 'url' ? subject.host : subject.domain);
      const listed = nameable.some((n) => !n.includes('@') && (host === n.toLowerCase() || host?.endsWith(`.${n.toLowerCase()}`)));
      return host === undefined || !listed ? undefined : { text: host, isAccount: false };
    }
    default:
      return undefined;
  }
}

/**
 * Render an official channel named in a verdict, only if the templates allow naming it, in the
 * form that names it on this platform without mentioning anyone else: an X account is `@name`
 * on X and `x.com/name` elsewhere; a Mastodon account `@user@instance` on Mastodon and
 * `instance/@user` elsewhere; a Bluesky account `@handle` on Bluesky (plain text there: Herald
 * makes no mention facets) and `bsky.app/profile/handle` elsewhere.
 */
function nameOf(platform: Platform, of: string | undefined, nameable: readonly string[]): string | undefined {
  if (typeof of !== 'string') return undefined;
  const allowed = nameable.find((n) => n.toLowerCase() === of.toLowerCase());
  if (allowed === undefined) return undefined;
  if (allowed.startsWith('@')) {
    const handle = allowed.slice(1);
    if (!X_HANDLE.test(handle)) return undefined;
    return platform === 'x' ? allowed : `x.com/${handle}`;
  }
  const bluesky = BLUESKY_PROFILE.exec(allowed.toLowerCase());
  if (bluesky !== null) return platform === 'bluesky' ? `@${bluesky[1]}` : bluesky[0];
  if (allowed.includes('@')) {
    if (!MASTODON_ACCT.test(allowed)) return undefined;
    const [user, instance] = allowed.split('@');
    return platform === 'mastodon' ? `@${allowed}` : `${instance}/@${user}`;
  }
  return safeHost(allowed);
}

function defangedHost(subject: Subject | undefined): string | undefined {
  if (subject?.kind !== 'url' && subject?.kind !== 'domain') return undefined;
  const host = safeHost(subject.kind === 'url' ? subject.host : subject.domain);
  return host?.replaceAll('.', '[.]');
}

function safeHost(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const host = raw.toLowerCase();
  return host.length <= MAX_HOST_LENGTH && HOST.test(host) ? host : undefined;
}

function genericSubject(t: LanguageTemplates, subject: Subject | undefined): string {
  switch (subject?.kind) {
    case 'x-account':
    case 'mastodon-account':
    case 'bluesky-account':
      return t.subjects.account;
    case 'url':
    case 'domain':
      return t.subjects.link;
    case 'app':
      return t.subjects.app;
    default:
      return t.subjects.other;
  }
}

function mastodonPrefix(acct: string | undefined, lead: (name: string) => string): string {
  if (typeof acct !== 'string') return '';
  const clean = acct.replace(/^@/u, '');
  return MASTODON_ACCT.test(clean) ? `${lead(`@${clean}`)} ` : '';
}

/** Replace the placeholder once, literally (no `$&` pattern expansion). */
function fill(template: string, placeholder: string, value: string): string {
  return template.replace(placeholder, () => value);
}

function fits(text: string, platform: Platform): boolean {
  if (platform === 'x') return twitterText.parseTweet(text).weightedLength <= X_LIMIT;
  if (platform === 'bluesky') return [...graphemes.segment(text)].length <= BLUESKY_LIMIT && UTF8.encode(text).length <= 3000;
  return [...text].length <= MASTODON_LIMIT;
}
