import { twitterText } from '../twitter-text.ts';
import { type OfficialChannels, withOwnAccounts } from '../../../config/official-channels.ts';
import { publicPageText } from '../../../config/public-page-text.ts';
import type { LanguageTemplates, ReplyTemplates } from '../../../config/reply-templates.ts';
import { asksAboutSelf } from './asks-about-self.ts';
import { classifyMention } from './classify-mention.ts';
import { composeReply, leadingName, ltrIsolate } from './compose-reply.ts';
import type { Mention, Visibility } from '../../domain/mention.ts';
import { findSubjects } from './find-subjects.ts';
import type { Subject } from './parse-subject.ts';
import { REASON } from './verdict-reasons.ts';
import { type Verdict, worstVerdict } from './verdict.ts';
import { verifySubject } from './verify-subject.ts';

export type { Visibility } from '../../domain/mention.ts';

export interface ReplyContext {
  /** The bot's own account on this platform, as its API reports it (Mastodon: the full acct). */
  self: { id: string; handle: string };
  channels: OfficialChannels;
  templates: ReplyTemplates;
  /** The public page's check address (REPLY_CHECK_LINK): replies end with "Check any link: …" when it fits. */
  checkUrl?: string;
}

export type ReplyDecision =
  | { reply: false; why: 'own-post' | 'official-author' | 'lookalike-author' | 'not-a-question' }
  | { reply: true; text: string; verdict: Verdict; language: string; visibility?: Visibility };

/** Mastodon: a reply is never more public than the mention it answers. */
export function mirrorVisibility(mention: Visibility | undefined): Visibility {
  return mention ?? 'public';
}

const X_HANDLE = /^[A-Za-z0-9_]{1,15}$/u;

const UNSURE: Verdict = { verdict: 'unsure', reason: 'nothing the question refers to could be checked' };

/**
 * Whether and how to answer a mention. Never to itself, an official account or a lookalike of
 * one (a "yes" under an impersonator's question would be screenshot as endorsement); only to a
 * question about officialness. The answer is the worst verdict over every subject the mention
 * points at, so "yes" means every one of them is verified official. With no subject at all, the
 * self-answer ("this account is official") only when the mention plainly asks about the account
 * itself; otherwise "I can't verify that".
 */
export function decideReply(mention: Mention & { visibility?: Visibility }, ctx: ReplyContext): ReplyDecision {
  const author = mention.author;
  if (author.id === ctx.self.id || author.handle.toLowerCase() === ctx.self.handle.toLowerCase()) {
    return { reply: false, why: 'own-post' };
  }
  const channels = withOwnAccounts(ctx.channels, ownAccount(mention.platform, ctx.self));
  const authorVerdict = verifySubject(accountOf(mention.platform, author), channels).verdict;
  if (authorVerdict === 'official') return { reply: false, why: 'official-author' };
  if (authorVerdict === 'lookalike') return { reply: false, why: 'lookalike-author' };

  const { asksOfficial, language } = classifyMention(mention.text);
  if (!asksOfficial) return { reply: false, why: 'not-a-question' };

  const { subject, verdict } = judge(mention, ctx.self, channels);
  const templates = { ...ctx.templates, nameableChannels: [...ctx.templates.nameableChannels, ...ownNames(mention.platform, ctx.self)] };
  const compose = (checkLine: string | undefined) =>
    composeReply(
      { platform: mention.platform, language, subject, verdict, replyToAcct: mention.platform === 'mastodon' ? author.handle : undefined, checkLine },
      templates,
    );
  const t = Object.hasOwn(ctx.templates.languages, language) ? ctx.templates.languages[language] : undefined;
  const checkLine = ctx.checkUrl === undefined ? undefined : publicPageText(language).checkAnyLink.replace('{url}', () => ltrIsolate(ctx.checkUrl!, t));
  let text = compose(checkLine);
  // On X the asker's handle goes first: the check line gives way to it.
  const addressable = X_HANDLE.test(author.handle);
  if (mention.platform === 'x' && checkLine !== undefined && addressable && addressOnX(author.handle, text, t) === text) text = compose(undefined);
  return {
    reply: true,
    text: mention.platform === 'x' ? addressOnX(author.handle, text, t) : text,
    verdict,
    language,
    visibility: mention.platform === 'mastodon' ? mirrorVisibility(mention.visibility) : undefined,
  };
}

/** The worst verdict over the mention's subjects, and the subject it is about. */
function judge(mention: Mention, self: ReplyContext['self'], channels: OfficialChannels): { subject: Subject | undefined; verdict: Verdict } {
  const subjects = findSubjects(mention, { handle: self.handle });
  if (subjects.length === 0) {
    if (!asksAboutSelf(mention.text)) return { subject: undefined, verdict: UNSURE };
    return { subject: accountOf(mention.platform, self), verdict: { verdict: 'official', reason: SELF_REASON[mention.platform] } };
  }
  const judged = subjects.map((subject) => ({ subject, verdict: verifySubject(subject, channels) }));
  const worst = worstVerdict(judged.map((j) => j.verdict)) ?? UNSURE;
  return judged.find((j) => j.verdict === worst) ?? { subject: undefined, verdict: UNSURE };
}

const SELF_REASON: Record<Mention['platform'], string> = { x: REASON.officialX, mastodon: REASON.officialMastodon, bluesky: REASON.officialBluesky };

function accountOf(platform: Mention['platform'], account: { id: string; handle: string }): Subject {
  const id = account.id === '' ? undefined : account.id;
  if (platform === 'x') return { kind: 'x-account', handle: account.handle, id };
  if (platform === 'bluesky') return id === undefined ? { kind: 'bluesky-account', handle: account.handle } : { kind: 'bluesky-account', handle: account.handle, did: id };
  return { kind: 'mastodon-account', acct: account.handle };
}

/** The account the bot posts from, as the registry's run-time addition for its platform. */
function ownAccount(platform: Mention['platform'], self: ReplyContext['self']): Parameters<typeof withOwnAccounts>[1] {
  if (platform === 'x') return { x: self };
  if (platform === 'bluesky') return { bluesky: { handle: self.handle, did: self.id } };
  return { mastodon: self.handle };
}

/** The bot's own account may be named in a reply (it is official by definition). */
function ownNames(platform: Mention['platform'], self: ReplyContext['self']): string[] {
  if (platform === 'x') return /^[A-Za-z0-9_]{1,15}$/u.test(self.handle) ? [`@${self.handle}`] : [];
  if (platform === 'bluesky') return self.handle.includes('.') ? [`bsky.app/profile/${self.handle.toLowerCase()}`] : [];
  return self.handle.includes('@') ? [self.handle] : [];
}

/**
 * On X the reply starts with the asker's handle (only a plain X handle, so nothing the asker
 * controls beyond it): the usual reply form, and it keeps two askers' identical answers from
 * being refused as duplicate content.
 */
function addressOnX(handle: string, text: string, t: LanguageTemplates | undefined): string {
  if (!X_HANDLE.test(handle)) return text;
  const addressed = `${leadingName(`@${handle}`, t)} ${text}`;
  return twitterText.parseTweet(addressed).weightedLength <= 280 ? addressed : text;
}
