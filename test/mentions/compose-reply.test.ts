import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICIAL_CHANNELS } from '../../config/official-channels.ts';
import { DEFAULT_REPLY_TEMPLATES } from '../../config/reply-templates.ts';
import { composeReply, ltrIsolate } from '../../src/core/mentions/compose-reply.ts';
import { carriesLink, priceXCall } from '../../src/core/spend/price-x-call.ts';
import { parseSubject, type Subject } from '../../src/core/mentions/parse-subject.ts';
import { type Verdict, verifySubject } from '../../src/core/mentions/verify-subject.ts';

const T = DEFAULT_REPLY_TEMPLATES;
const official: Verdict = { verdict: 'official', reason: 'r' };
const unofficial: Verdict = { verdict: 'unofficial', reason: 'r' };
const CHANNELS = 'Official: session.foundation, getsession.org, x.com/SessionTechFND';

function reply(input: string, platform: 'x' | 'mastodon' = 'x', language = 'en', replyToAcct?: string): string {
  const subject = parseSubject(input);
  const verdict = subject === undefined ? unofficial : verifySubject(subject, DEFAULT_OFFICIAL_CHANNELS);
  return composeReply({ platform, language, subject, verdict, replyToAcct }, T);
}

describe('composeReply', () => {
  it('confirms an official X account by handle on X', () => {
    expect(reply('@SessionTechFND')).toBe(
      `Yes — @SessionTechFND is an official Session Technology Foundation account.\n${CHANNELS}`,
    );
  });

  it('writes X accounts as x.com/<handle> on Mastodon and starts with the asker', () => {
    expect(reply('@session_app', 'mastodon', 'en', 'alice@fosstodon.org')).toBe(
      `@alice@fosstodon.org Yes — x.com/session_app is an official Session Technology Foundation account.\n${CHANNELS}`,
    );
  });

  it('names official domains and Mastodon accounts', () => {
    expect(reply('blog.getsession.org')).toContain('Yes — blog.getsession.org is an official Session Technology Foundation channel.');
    expect(reply('@session@mastodon.social', 'mastodon')).toContain('Yes — @session@mastodon.social is an official');
    expect(reply('@session@mastodon.social', 'x')).toContain('Yes — mastodon.social/@session is an official');
  });

  it('says no about unofficial accounts without naming them', () => {
    expect(reply('@elonmusk')).toBe(`No — that account is not an official Session channel.\n${CHANNELS}`);
  });

  it('defangs unofficial hosts so they are not links', () => {
    const text = reply('https://example.com/login?next=evil');
    expect(text).toBe(`No — example[.]com is not an official Session channel.\n${CHANNELS}`);
    expect(twitterText.extractUrls(text.split('\n')[0] ?? '')).toEqual([]);
  });

  it('warns about lookalikes naming the imitated channel, never the lookalike', () => {
    expect(reply('@SessionTechFΝD')).toBe(`Careful — that looks like an impersonation of @SessionTechFND.\n${CHANNELS}`);
    expect(reply('getsesion.org')).toBe(`Careful — that looks like an impersonation of getsession.org.\n${CHANNELS}`);
    const onMastodon = reply('@SessionTechFDN', 'mastodon');
    expect(onMastodon).toContain('impersonation of x.com/SessionTechFND.');
    expect(onMastodon).not.toMatch(/@SessionTechF/);
  });

  it('replaces an `of` that is not a nameable official channel by the generic warning', () => {
    const forged: Verdict = { verdict: 'lookalike', reason: 'r', of: '@scammer' };
    const text = composeReply({ platform: 'x', language: 'en', subject: undefined, verdict: forged }, T);
    expect(text).toBe(`Careful — that looks like an impersonation of an official Session channel.\n${CHANNELS}`);
  });

  it('does not name a host as official unless it is one of the listed domains', () => {
    const subject: Subject = { kind: 'domain', domain: 'evil.com' };
    const text = composeReply({ platform: 'x', language: 'en', subject, verdict: official }, T);
    expect(text).toBe(`Yes — that link is an official Session Technology Foundation channel.\n${CHANNELS}`);
  });

  it('uses generic words for subjects that cannot be shown safely', () => {
    const subject: Subject = { kind: 'x-account', handle: 'ev!l handle <script>' };
    expect(composeReply({ platform: 'x', language: 'en', subject, verdict: official }, T)).toContain('Yes — that account is');
    const app: Subject = { kind: 'app', store: 'apple', id: 'id1470168868' };
    expect(composeReply({ platform: 'x', language: 'en', subject: app, verdict: official }, T)).toContain('Yes — that app is');
    expect(composeReply({ platform: 'x', language: 'en', subject: undefined, verdict: unofficial }, T)).toContain('No — that is not');
  });

  it('answers in the asker language and falls back to English', () => {
    expect(reply('@SessionTechFND', 'x', 'es')).toContain('Sí — @SessionTechFND es una cuenta oficial');
    expect(reply('getsesion.org', 'x', 'ja')).toContain('getsession.org のなりすまし');
    expect(reply('@elonmusk', 'x', 'xx')).toContain('No — that account is not an official Session channel.');
  });

  it('spaces Latin subjects but not generic CJK nouns in Chinese and Japanese', () => {
    expect(reply('@elonmusk', 'x', 'zh')).toMatch(/^不是，该账号不是 Session 的官方渠道。/);
    expect(reply('@elonmusk', 'x', 'ja')).toMatch(/^いいえ、そのアカウントは Session の公式チャンネルではありません。/);
    expect(reply('example.com', 'x', 'ja')).toMatch(/^いいえ、example\[\.\]com は Session/);
  });

  it('omits an invalid Mastodon asker instead of mentioning garbage', () => {
    expect(reply('@elonmusk', 'mastodon', 'en', 'not valid!')).toMatch(/^No — /);
    expect(reply('@elonmusk', 'mastodon', 'en', '@bob')).toMatch(/^@bob No — /);
  });

  it('fits X (280 weighted) and Mastodon (500) for every language, verdict and subject kind', () => {
    const inputs = ['@SessionTechFND', '@session@mastodon.social', 'blog.getsession.org', '@elonmusk', `${'a'.repeat(60)}.com`, 'getsesion.org', '@SessionTechFΝD', 'https://apps.apple.com/app/id1470168868'];
    for (const language of Object.keys(T.languages)) {
      for (const input of inputs) {
        const x = reply(input, 'x', language);
        expect(twitterText.parseTweet(x).weightedLength, `${language} ${input}`).toBeLessThanOrEqual(280);
        const m = reply(input, 'mastodon', language, `${'a'.repeat(30)}@${'b'.repeat(60)}.social`);
        expect([...m].length, `${language} ${input}`).toBeLessThanOrEqual(500);
      }
    }
  });

  it('has every template for every language, with the placeholders it needs', () => {
    for (const [language, t] of Object.entries(T.languages)) {
      expect(t.officialAccount, language).toContain('{subject}');
      expect(t.officialChannel, language).toContain('{subject}');
      expect(t.unofficial, language).toContain('{subject}');
      expect(t.lookalike, language).toContain('{of}');
      expect(t.lookalikeGeneric, language).not.toContain('{');
      expect(t.channelsLine, language).toContain('{channels}');
    }
    expect(Object.keys(T.languages).sort()).toEqual(['ar', 'de', 'en', 'es', 'fr', 'id', 'it', 'ja', 'ko', 'pl', 'pt', 'ru', 'tr', 'uk', 'vi', 'zh']);
  });

  it('answers "unsure" and "former" in every language with the channels line, within X\'s 280 after the longest asker handle', () => {
    for (const language of Object.keys(T.languages)) {
      for (const verdict of [{ verdict: 'unsure', reason: 'r' }, { verdict: 'former', reason: 'r' }] as const) {
        const text = composeReply({ platform: 'x', language, subject: undefined, verdict }, T);
        const t = T.languages[language]!;
        expect(text, language).toBe(`${verdict.verdict === 'unsure' ? t.unsure : t.former}\n${t.channelsLine.replace('{channels}', ltrIsolate(T.officialChannels, t))}`);
        expect(twitterText.parseTweet(`@abcdefghijklmno ${text}`).weightedLength, language).toBeLessThanOrEqual(280);
        expect(text).not.toMatch(/^(?:Yes|Sí|Sim|Oui|Ja|Да|Так|Evet|Đúng|Ya|Tak)(?!\p{L})|^是的|^はい|^네|^نعم/u);
      }
    }
  });
});

describe('what a reply costs on X', () => {
  it('every reply of the templates shipped today carries a link X bills as a post with a URL ($0.20, not $0.01): the README says so', () => {
    const prices = { postWithUrl: 0.2, reply: 0.01, ownedRead: 0.001, replyWithUrlAsPost: true };
    const verdicts: Verdict[] = [official, unofficial, { verdict: 'lookalike', reason: 'r', of: '@SessionTechFND' }, { verdict: 'former', reason: 'r' }, { verdict: 'unsure', reason: 'r' }];
    const subjects = [parseSubject('@SessionTechFND'), parseSubject('evil.example'), undefined];
    let replies = 0;
    for (const language of Object.keys(T.languages)) {
      for (const verdict of verdicts) {
        for (const subject of subjects) {
          const text = composeReply({ platform: 'x', language, subject, verdict }, T);
          expect(carriesLink(text), `${language} ${verdict.verdict}: ${text}`).toBe(true);
          expect(priceXCall({ kind: 'post', text, inReplyTo: true }, prices)).toEqual({ kind: 'reply', usd: 0.2 });
          replies += 1;
        }
      }
    }
    expect(replies).toBeGreaterThan(100);
    // The positive control: a reply without a link would cost a summoned reply's price.
    expect(priceXCall({ kind: 'post', text: 'No — that account is not an official Session channel.', inReplyTo: true }, prices)).toEqual({ kind: 'reply', usd: 0.01 });
  });
});
