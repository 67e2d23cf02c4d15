import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { LANGUAGES_DIR, readLanguageFiles } from '../../config/language-files.ts';
import { PUBLIC_PAGE_TEXT } from '../../config/public-page-text.ts';
import { DEFAULT_REPLY_TEMPLATES, type ReplyTemplates } from '../../config/reply-templates.ts';
import { composeReply, leadingName, ltrIsolate } from '../../src/core/mentions/compose-reply.ts';
import type { Subject } from '../../src/core/mentions/parse-subject.ts';
import type { Verdict } from '../../src/core/mentions/verdict.ts';

const LONG_ACCT = `${'a'.repeat(30)}@${'b'.repeat(56)}.social`;
/** The shipped templates, plus the longest official channels a registry could name. */
const T: ReplyTemplates = { ...DEFAULT_REPLY_TEMPLATES, nameableChannels: [...DEFAULT_REPLY_TEMPLATES.nameableChannels, LONG_ACCT] };
const LANGUAGES = Object.keys(T.languages);
const ASKER = '@abcdefghijklmno';
const CHECK_URL = 'https://announcements.session.foundation/herald/check';
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

const official: Verdict = { verdict: 'official', reason: 'r' };
/** Every verdict with the longest subject it can name. */
const CASES: Array<{ name: string; subject: Subject | undefined; verdict: Verdict }> = [
  { name: 'official X account (15 chars)', subject: { kind: 'x-account', handle: 'abcdefghijklmno' }, verdict: official },
  { name: 'official Mastodon account (longest acct)', subject: { kind: 'mastodon-account', acct: LONG_ACCT }, verdict: official },
  { name: 'official Bluesky account', subject: { kind: 'bluesky-account', handle: 'session.foundation' }, verdict: official },
  { name: 'official domain (60 chars)', subject: { kind: 'domain', domain: `${'a'.repeat(45)}.getsession.org` }, verdict: official },
  { name: 'official, generic subject', subject: { kind: 'app', store: 'apple', id: 'id1' }, verdict: official },
  { name: 'unofficial domain (60 chars)', subject: { kind: 'domain', domain: `${'a'.repeat(56)}.com` }, verdict: { verdict: 'unofficial', reason: 'r' } },
  { name: 'unofficial account', subject: { kind: 'x-account', handle: 'elonmusk' }, verdict: { verdict: 'unofficial', reason: 'r' } },
  { name: 'lookalike of the longest acct', subject: undefined, verdict: { verdict: 'lookalike', reason: 'r', of: LONG_ACCT } },
  { name: 'lookalike of a Bluesky profile', subject: undefined, verdict: { verdict: 'lookalike', reason: 'r', of: 'bsky.app/profile/session.foundation' } },
  { name: 'lookalike, generic', subject: undefined, verdict: { verdict: 'lookalike', reason: 'r', of: '@scammer' } },
  { name: 'former', subject: undefined, verdict: { verdict: 'former', reason: 'r' } },
  { name: 'unsure', subject: undefined, verdict: { verdict: 'unsure', reason: 'r' } },
];

const checkLineFor = (language: string) => PUBLIC_PAGE_TEXT[language]!.checkAnyLink.replace('{url}', () => ltrIsolate(CHECK_URL, T.languages[language]));
const weighted = (text: string) => twitterText.parseTweet(text).weightedLength;

describe('every reply language', () => {
  it('is one directory of config/languages/ (16 shipped), read with the same words as the exported templates', () => {
    expect(LANGUAGES.sort()).toEqual(['ar', 'de', 'en', 'es', 'fr', 'id', 'it', 'ja', 'ko', 'pl', 'pt', 'ru', 'tr', 'uk', 'vi', 'zh']);
    const files = readLanguageFiles(LANGUAGES_DIR);
    for (const code of LANGUAGES) {
      expect(files[code]!.reply, code).toEqual(T.languages[code]);
      expect(files[code]!.publicPage, code).toEqual(PUBLIC_PAGE_TEXT[code]);
    }
    expect(T.languages.ar!.direction).toBe('rtl');
    expect(LANGUAGES.filter((code) => T.languages[code]!.direction === 'rtl')).toEqual(['ar']);
  });

  it('keeps the placeholders of the English texts, field by field, and never glues a letter to an inserted name', () => {
    const placeholders = (value: unknown, path = ''): string[] =>
      typeof value === 'string'
        ? [`${path}=${(value.match(/\{[^{}\s]*\}/gu) ?? []).sort().join(',')}`]
        : Object.entries(value as object).flatMap(([key, v]) => (key === 'direction' ? [] : placeholders(v, `${path}.${key}`)));
    const english = placeholders({ reply: T.languages.en, page: PUBLIC_PAGE_TEXT.en });
    for (const code of LANGUAGES) {
      expect(placeholders({ reply: T.languages[code], page: PUBLIC_PAGE_TEXT[code] }), code).toEqual(english);
      const sentences = [...Object.values(T.languages[code]!), ...Object.values(PUBLIC_PAGE_TEXT[code]!.lines), PUBLIC_PAGE_TEXT[code]!.checkAnyLink].filter((s) => typeof s === 'string');
      // A letter right beside {subject} would be read by X, Mastodon or a browser as part of the handle or domain.
      for (const sentence of sentences) expect(sentence, code).not.toMatch(/[\p{L}\p{N}]\{(?:subject|of|channels|url)\}|\{(?:subject|of|channels|url)\}[\p{L}\p{N}]/u);
    }
  });

  it('fits X (weighted 280 after the @asker), Mastodon (500) and Bluesky (300): every verdict, the longest subject, with and without the check line', () => {
    let checked = 0;
    let checkLineKept = 0;
    for (const language of LANGUAGES) {
      for (const { name, subject, verdict } of CASES) {
        const label = `${language} ${name}`;
        const bare = composeReply({ platform: 'x', language, subject, verdict }, T);
        const withCheck = composeReply({ platform: 'x', language, subject, verdict, checkLine: checkLineFor(language) }, T);
        // Nothing but the check line is ever dropped: the verdict and the official channels always fit, after the asker.
        const asker = `${leadingName(ASKER, T.languages[language])} `;
        expect(bare.split('\n'), label).toHaveLength(2);
        expect(bare, label).toContain(T.languages[language]!.channelsLine.split('{channels}')[0]);
        expect(twitterText.parseTweet(`${asker}${bare}`).valid, label).toBe(true);
        expect([bare, `${bare}\n${checkLineFor(language)}`], label).toContain(withCheck);
        expect(twitterText.parseTweet(withCheck).valid, label).toBe(true);
        if (withCheck !== bare && weighted(`${asker}${withCheck}`) <= 280) checkLineKept += 1;
        const mastodon = composeReply({ platform: 'mastodon', language, subject, verdict, replyToAcct: LONG_ACCT, checkLine: checkLineFor(language) }, T);
        expect(mastodon.split('\n').length, label).toBeGreaterThanOrEqual(2);
        expect([...mastodon].length, label).toBeLessThanOrEqual(500);
        const bluesky = composeReply({ platform: 'bluesky', language, subject, verdict, checkLine: checkLineFor(language) }, T);
        expect(bluesky.split('\n').length, label).toBeGreaterThanOrEqual(2);
        expect([...graphemes.segment(bluesky)].length, label).toBeLessThanOrEqual(300);
        checked += 1;
      }
    }
    expect(checked).toBe(16 * CASES.length);
    // The check line is dropped only when it cannot fit: it stays in most replies.
    expect(checkLineKept).toBeGreaterThan(checked * 0.8);
  });

  it('keeps the check line, after the asker, in a short answer in every language (positive control)', () => {
    for (const language of LANGUAGES) {
      const text = composeReply({ platform: 'x', language, subject: { kind: 'x-account', handle: 'SessionTechFND' }, verdict: official, checkLine: checkLineFor(language) }, T);
      expect(text.endsWith(`\n${checkLineFor(language)}`), language).toBe(true);
      expect(weighted(`${leadingName(ASKER, T.languages[language])} ${text}`), language).toBeLessThanOrEqual(280);
    }
  });
});

/**
 * What each language's "can't verify" must say, in its own words: that it cannot verify, and the
 * three things the Foundation never does (DM first, airdrops or giveaways, ask for the recovery
 * password). A new language adds its row.
 */
const UNSURE_SAYS: Record<string, { cantVerify: string; never: string; dmFirst: string; airdrop: string; giveaway: string; recoveryPassword: string }> = {
  en: { cantVerify: "can't verify", never: 'never', dmFirst: 'DMs first', airdrop: 'airdrops', giveaway: 'giveaways', recoveryPassword: 'recovery password' },
  es: { cantVerify: 'No puedo verificar', never: 'nunca', dmFirst: 'escribe primero por DM', airdrop: 'airdrops', giveaway: 'sorteos', recoveryPassword: 'contraseña de recuperación' },
  pt: { cantVerify: 'Não consigo verificar', never: 'nunca', dmFirst: 'manda DM primeiro', airdrop: 'airdrops', giveaway: 'sorteios', recoveryPassword: 'senha de recuperação' },
  fr: { cantVerify: 'Je ne peux pas le vérifier', never: 'jamais', dmFirst: 'en premier en DM', airdrop: 'airdrop', giveaway: 'giveaway', recoveryPassword: 'mot de passe de récupération' },
  de: { cantVerify: 'nicht überprüfen', never: 'nie', dmFirst: 'zuerst per DM', airdrop: 'Airdrops', giveaway: 'Giveaways', recoveryPassword: 'Wiederherstellungspasswort' },
  it: { cantVerify: 'Non posso verificarlo', never: 'mai', dmFirst: 'per prima in DM', airdrop: 'airdrop', giveaway: 'giveaway', recoveryPassword: 'password di recupero' },
  ru: { cantVerify: 'не могу это проверить', never: 'никогда', dmFirst: 'пишет первым в личку', airdrop: 'аирдроп', giveaway: 'розыгрыш', recoveryPassword: 'пароль восстановления' },
  tr: { cantVerify: 'doğrulayamıyorum', never: 'asla', dmFirst: 'önce DM', airdrop: 'airdrop', giveaway: 'çekiliş', recoveryPassword: 'kurtarma şifre' },
  zh: { cantVerify: '无法核实', never: '从不', dmFirst: '主动私信', airdrop: '空投', giveaway: '抽奖', recoveryPassword: '恢复密码' },
  ja: { cantVerify: '確認できません', never: '決して', dmFirst: '先にDM', airdrop: 'エアドロップ', giveaway: 'プレゼント企画', recoveryPassword: 'リカバリーパスワード' },
  ko: { cantVerify: '확인할 수 없습니다', never: '절대', dmFirst: '먼저 DM', airdrop: '에어드롭', giveaway: '경품', recoveryPassword: '복구 비밀번호' },
  vi: { cantVerify: 'không thể xác minh', never: 'không bao giờ', dmFirst: 'nhắn tin riêng cho bạn trước', airdrop: 'airdrop', giveaway: 'tặng quà', recoveryPassword: 'mật khẩu khôi phục' },
  id: { cantVerify: 'tidak bisa memverifikasi', never: 'tak pernah', dmFirst: 'DM lebih dulu', airdrop: 'airdrop', giveaway: 'giveaway', recoveryPassword: 'kata sandi pemulihan' },
  uk: { cantVerify: 'не можу це перевірити', never: 'ніколи', dmFirst: 'пише першим в особисті', airdrop: 'аірдроп', giveaway: 'розіграш', recoveryPassword: 'пароль відновлення' },
  pl: { cantVerify: 'Nie mogę tego zweryfikować', never: 'nigdy', dmFirst: 'pisze pierwsza w DM', airdrop: 'airdrop', giveaway: 'rozdań', recoveryPassword: 'hasło odzyskiwania' },
  ar: { cantVerify: 'لا يمكنني التحقق', never: 'أبدًا', dmFirst: 'تبادر أبدًا بمراسلتك', airdrop: 'إيردروب', giveaway: 'مسابقات هدايا', recoveryPassword: 'كلمة مرور الاسترداد' },
};

describe('"I can\'t verify that"', () => {
  it('says, in every language, that it cannot verify and the three things the Foundation never does', () => {
    expect(Object.keys(UNSURE_SAYS).sort()).toEqual([...LANGUAGES].sort());
    for (const language of LANGUAGES) {
      const unsure = T.languages[language]!.unsure;
      for (const [fact, words] of Object.entries(UNSURE_SAYS[language]!)) expect(unsure.toLowerCase(), `${language} ${fact}`).toContain(words.toLowerCase());
    }
  });

  it('is what a reply about nothing verifiable says, with the official channels', () => {
    for (const language of LANGUAGES) {
      const text = composeReply({ platform: 'x', language, subject: undefined, verdict: { verdict: 'unsure', reason: 'r' } }, T);
      expect(text.startsWith(T.languages[language]!.unsure), language).toBe(true);
      expect(twitterText.extractUrls(text), language).toEqual(['session.foundation', 'getsession.org', 'x.com/SessionTechFND']);
    }
  });
});
