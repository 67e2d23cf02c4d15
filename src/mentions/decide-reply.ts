import twitterText from 'twitter-text';
import type { OfficialChannels } from '../../config/official-channels.ts';
import type { ReplyTemplates } from '../../config/reply-templates.ts';
import { classifyMention } from './classify-mention.ts';
import { composeReply } from './compose-reply.ts';
import { findSubjects, type Mention } from './find-subjects.ts';
import type { Subject } from './parse-subject.ts';
import { type Verdict, verifySubject } from './verify-subject.ts';

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';

export interface ReplyContext {
  /** The bot's own account on this platform. */
  self: { id: string; handle: string };
  channels: OfficialChannels;
  templates: ReplyTemplates;
}

export type ReplyDecision =
  | { reply: false; why: 'own-post' | 'official-author' | 'not-a-question' }
  | { reply: true; text: string; verdict: Verdict; language: string; visibility?: Visibility };

/** Mastodon: a reply is never more public than the mention it answers. */
export function mirrorVisibility(mention: Visibility | undefined): Visibility {
  return mention ?? 'public';
}

/**
 * Whether and how to answer a mention. Never to itself or an official account; only to a
 * question about officialness (precision first: silence beats a wrong answer). The subject is
 * the post replied to or quoted, else the handles and links in the mention; with several, the
 * most alarming verdict wins. With none, the asker is asking the bot itself ("is this really
 * you?"), which is official since this is the official account answering.
 */
export function decideReply(mention: Mention & { visibility?: Visibility }, ctx: ReplyContext): ReplyDecision {
  const author = mention.author;
  if (author.id === ctx.self.id || author.handle.toLowerCase() === ctx.self.handle.toLowerCase()) {
    return { reply: false, why: 'own-post' };
  }
  const authorSubject: Subject =
    mention.platform === 'x' ? { kind: 'x-account', handle: author.handle, id: author.id } : { kind: 'mastodon-account', acct: author.handle };
  if (verifySubject(authorSubject, ctx.channels).verdict === 'official') return { reply: false, why: 'official-author' };

  const { asksOfficial, language } = classifyMention(mention.text);
  if (!asksOfficial) return { reply: false, why: 'not-a-question' };

  const selfSubject: Subject =
    mention.platform === 'x' ? { kind: 'x-account', handle: ctx.self.handle, id: ctx.self.id } : { kind: 'mastodon-account', acct: ctx.self.handle };
  const subjects = findSubjects(mention, { handle: ctx.self.handle });
  const judged = (subjects.length > 0 ? subjects : [selfSubject]).map((subject) => ({ subject, verdict: verifySubject(subject, ctx.channels) }));
  const order = { official: 0, unofficial: 1, lookalike: 2 } as const;
  const worst = judged.reduce((a, b) => (order[b.verdict.verdict] > order[a.verdict.verdict] ? b : a));
  const text = composeReply(
    {
      platform: mention.platform,
      language,
      subject: worst.subject,
      verdict: worst.verdict,
      replyToAcct: mention.platform === 'mastodon' ? author.handle : undefined,
    },
    ctx.templates,
  );
  return {
    reply: true,
    text: mention.platform === 'x' ? addressOnX(author.handle, text) : text,
    verdict: worst.verdict,
    language,
    visibility: mention.platform === 'mastodon' ? mirrorVisibility(mention.visibility) : undefined,
  };
}

/**
 * On X the reply starts with the asker's handle (only a plain X handle, so nothing the asker
 * controls beyond it): the usual reply form, and it keeps two askers' identical answers from
 * being refused as duplicate content.
 */
function addressOnX(handle: string, text: string): string {
  if (!/^[A-Za-z0-9_]{1,15}$/.test(handle)) return text;
  const addressed = `@${handle} ${text}`;
  return twitterText.parseTweet(addressed).weightedLength <= 280 ? addressed : text;
}
