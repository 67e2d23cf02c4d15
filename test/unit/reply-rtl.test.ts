import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICIAL_CHANNELS } from '../../config/official-channels.ts';
import { PUBLIC_PAGE_TEXT } from '../../config/public-page-text.ts';
import { DEFAULT_REPLY_TEMPLATES as T } from '../../config/reply-templates.ts';
import { classifyMention } from '../../src/core/mentions/classify-mention.ts';
import { composeReply } from '../../src/core/mentions/compose-reply.ts';
import { decideReply, type ReplyContext } from '../../src/core/mentions/decide-reply.ts';
import type { Mention } from '../../src/core/mentions/find-subjects.ts';
import type { Subject } from '../../src/core/mentions/parse-subject.ts';
import type { Verdict } from '../../src/core/mentions/verdict.ts';

const LRI = '\u2066';
const PDI = '\u2069';
const RLM = '\u200F';
const CHECK_URL = 'https://herald.session.example/check';
/** Latin words the Arabic sentences themselves contain; anything else Latin was inserted. */
const TEMPLATE_WORDS = new Set(['Session', 'Technology', 'Foundation']);

/** The isolated spans of `text`, and the text outside them; throws on an unbalanced isolate. */
function isolates(text: string): { inside: string[]; outside: string } {
  const inside: string[] = [];
  let outside = '';
  let open: number | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === LRI) {
      if (open !== undefined) throw new Error(`nested isolate in ${text}`);
      open = i;
    } else if (c === PDI) {
      if (open === undefined) throw new Error(`PDI without LRI in ${text}`);
      inside.push(text.slice(open + 1, i));
      open = undefined;
    } else if (open === undefined) outside += c;
  }
  if (open !== undefined) throw new Error(`unclosed isolate in ${text}`);
  return { inside, outside };
}

/** The direction of the first strong character, as dir="auto" sees it (isolates not skipped). */
function firstStrong(line: string): 'L' | 'R' | undefined {
  const match = /[\p{L}\u200E\u200F]/u.exec(line)?.[0];
  if (match === undefined) return undefined;
  return match === '\u200F' || /[\p{Script=Arabic}\p{Script=Hebrew}]/u.test(match) ? 'R' : 'L';
}

/** Every handle, host, URL or other Latin token outside the isolates that the template did not write. */
function strayLatin(outside: string): string[] {
  return (outside.match(/[A-Za-z0-9_@/:[\]-]+(?:\.[A-Za-z0-9_@/:[\]-]+)*/gu) ?? []).filter((token) => /[A-Za-z0-9]/u.test(token) && !TEMPLATE_WORDS.has(token));
}

const official: Verdict = { verdict: 'official', reason: 'r' };
const CASES: Array<[Subject | undefined, Verdict, string]> = [
  [{ kind: 'x-account', handle: 'SessionTechFND' }, official, 'SessionTechFND'],
  [{ kind: 'mastodon-account', acct: 'session@mastodon.social' }, official, 'session'],
  [{ kind: 'bluesky-account', handle: 'session.foundation' }, official, 'session.foundation'],
  [{ kind: 'domain', domain: 'blog.getsession.org' }, official, 'blog.getsession.org'],
  [{ kind: 'domain', domain: `${'a'.repeat(56)}.com` }, { verdict: 'unofficial', reason: 'r' }, `${'a'.repeat(56)}[.]com`],
  [undefined, { verdict: 'lookalike', reason: 'r', of: '@SessionTechFND' }, 'SessionTechFND'],
  [undefined, { verdict: 'lookalike', reason: 'r', of: 'getsession.org' }, 'getsession.org'],
  [undefined, { verdict: 'lookalike', reason: 'r', of: 'session@mastodon.social' }, 'session'],
];

describe('Arabic replies (right to left)', () => {
  it('isolate every inserted handle, host, channel list, check URL and @asker, on every platform', () => {
    for (const platform of ['x', 'mastodon', 'bluesky'] as const) {
      for (const [subject, verdict, named] of CASES) {
        const checkLine = PUBLIC_PAGE_TEXT.ar!.checkAnyLink.replace('{url}', `${LRI}${CHECK_URL}${PDI}`);
        const text = composeReply({ platform, language: 'ar', subject, verdict, replyToAcct: 'alice@social.example', checkLine }, T);
        const label = `${platform} ${verdict.verdict} ${named}`;
        const { inside, outside } = isolates(text);
        expect(strayLatin(outside), label).toEqual([]);
        expect(inside.some((span) => span.includes(named)), label).toBe(true);
        expect(inside, label).toContain(T.officialChannels);
        for (const span of inside) expect(span, label).toMatch(/^[\x21-\x7e]+(?:, [\x21-\x7e]+)*$/u);
        if (platform === 'mastodon') expect(text.startsWith(`${RLM}${LRI}@alice@social.example${PDI} `), label).toBe(true);
        if (platform === 'x') expect(twitterText.parseTweet(`${RLM}${LRI}@abcdefghijklmno${PDI} ${text}`).valid, label).toBe(true);
        // Every line opens right to left: the first strong character is Arabic or the mark.
        for (const line of text.split('\n')) expect(firstStrong(line), `${label}: ${line}`).toBe('R');
      }
    }
  });

  it('still name the handle and link what they name: the isolates do not become part of a mention or URL', () => {
    const text = composeReply({ platform: 'x', language: 'ar', subject: { kind: 'x-account', handle: 'SessionTechFND' }, verdict: official }, T);
    expect(twitterText.extractMentions(text)).toEqual(['SessionTechFND']);
    expect(twitterText.extractUrls(text)).toEqual(['session.foundation', 'getsession.org', 'x.com/SessionTechFND']);
    const domain = composeReply({ platform: 'x', language: 'ar', subject: { kind: 'domain', domain: 'blog.getsession.org' }, verdict: official }, T);
    expect(twitterText.extractUrls(domain)[0]).toBe('blog.getsession.org');
  });

  it('are the only ones isolated: a left-to-right language inserts names as they are (positive control)', () => {
    for (const language of Object.keys(T.languages).filter((code) => code !== 'ar')) {
      for (const [subject, verdict] of CASES) {
        const text = composeReply({ platform: 'mastodon', language, subject, verdict, replyToAcct: 'alice@social.example' }, T);
        expect(text, language).not.toMatch(/[\u2066-\u2069]/u);
      }
    }
  });

  const arabicQuestion = '@SessionTechFND هل هذا الموقع رسمي؟ getsession-airdrop.com';
  // Runs once the classifier recognises Arabic questions (issue 12's classifier work).
  it.runIf(classifyMention(arabicQuestion).language === 'ar')('isolate the check URL and the @asker that decideReply adds on X', () => {
    const ctx: ReplyContext = { self: { id: '1000', handle: 'SessionTechFND' }, channels: DEFAULT_OFFICIAL_CHANNELS, templates: T, checkUrl: CHECK_URL };
    const mention: Mention = { platform: 'x', id: '1', text: arabicQuestion, author: { id: '5001', handle: 'curious' }, urls: [], mentionedHandles: ['SessionTechFND'] };
    const decision = decideReply(mention, ctx);
    if (!decision.reply) throw new Error(`no reply: ${decision.why}`);
    expect(decision.text.startsWith(`${RLM}${LRI}@curious${PDI} `)).toBe(true);
    expect(twitterText.extractMentions(decision.text)).toContain('curious');
    expect(decision.text).toContain(`${LRI}${CHECK_URL}${PDI}`);
    expect(strayLatin(isolates(decision.text).outside)).toEqual([]);
  });
});
