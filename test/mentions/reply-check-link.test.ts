import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICIAL_CHANNELS } from '../../config/official-channels.ts';
import { PUBLIC_PAGE_TEXT } from '../../config/public-page-text.ts';
import { DEFAULT_REPLY_TEMPLATES } from '../../config/reply-templates.ts';
import { decideReply, type ReplyContext } from '../../src/core/mentions/decide-reply.ts';
import type { Mention } from '../../src/core/mentions/find-subjects.ts';

const CHECK_URL = 'https://herald.session.example/check';
const xSelf = { id: '1000', handle: 'SessionTechFND' };
const mSelf = { id: '109000', handle: 'session@mastodon.social' };
const ctx = (self: ReplyContext['self'], checkUrl?: string): ReplyContext => ({ self, channels: DEFAULT_OFFICIAL_CHANNELS, templates: DEFAULT_REPLY_TEMPLATES, checkUrl });

const xMention = (text: string, handle = 'curious'): Mention => ({ platform: 'x', id: '1', text, author: { id: '5001', handle }, urls: [], mentionedHandles: ['SessionTechFND'] });
const mMention = (text: string): Mention => ({ platform: 'mastodon', id: '1', text, author: { id: '77', handle: 'alice@social.example' }, urls: [], mentionedHandles: ['session@mastodon.social'] });

const textOf = (m: Mention, c: ReplyContext) => {
  const d = decideReply(m, c);
  if (!d.reply) throw new Error(`no reply: ${d.why}`);
  return d.text;
};

describe('mention replies and the public check link (REPLY_CHECK_LINK)', () => {
  it('end with "Check any link: <base>/check" on X and Mastodon when configured, and not otherwise', () => {
    const question = '@SessionTechFND is getsession-airdrop.com real?';
    const withLink = textOf(xMention(question), ctx(xSelf, CHECK_URL));
    expect(withLink).toMatch(/^@curious Careful — that looks like an impersonation of getsession\.org\.\nOfficial: .+\nCheck any link: https:\/\/herald\.session\.example\/check$/u);
    expect(twitterText.parseTweet(withLink).weightedLength).toBeLessThanOrEqual(280);
    const without = textOf(xMention(question), ctx(xSelf));
    expect(without).not.toContain('Check any link');
    expect(withLink.startsWith(without)).toBe(true);

    const onMastodon = textOf(mMention('@session is getsession-airdrop.com real?'), ctx(mSelf, CHECK_URL));
    expect(onMastodon).toMatch(/^@alice@social\.example .+\nCheck any link: https:\/\/herald\.session\.example\/check$/su);
  });

  it("speak the asker's language", () => {
    const text = textOf(xMention('@SessionTechFND ¿es oficial getsession-airdrop.com?'), ctx(xSelf, CHECK_URL));
    expect(text.endsWith(`\n${PUBLIC_PAGE_TEXT.es!.checkAnyLink.replace('{url}', CHECK_URL)}`)).toBe(true);
  });

  it('drop the link first when the reply would not fit in 280, keeping the asker\'s handle and the official channels', () => {
    // Russian "can't verify": the handle, the sentence and the channels take 255 of X's 280; the
    // link line would add 48 (a link counts 23).
    const question = '@SessionTechFND это официально? мне написали про аирдроп';
    const plain = textOf(xMention(question, 'abcdefghijklmno'), ctx(xSelf));
    const text = textOf(xMention(question, 'abcdefghijklmno'), ctx(xSelf, CHECK_URL));
    expect(twitterText.parseTweet(`${plain}\n${PUBLIC_PAGE_TEXT.ru!.checkAnyLink.replace('{url}', CHECK_URL)}`).weightedLength).toBeGreaterThan(280);
    expect(text).toBe(plain);
    expect(text.startsWith('@abcdefghijklmno ')).toBe(true);
    expect(text).toContain('x.com/SessionTechFND');
    // Positive control: a shorter answer in the same language keeps the link.
    const short = textOf(xMention('@SessionTechFND это официально? getsession-airdrop.com', 'abcdefghijklmno'), ctx(xSelf, CHECK_URL));
    expect(short).toContain(CHECK_URL);
  });
});
