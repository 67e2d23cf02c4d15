import fc from 'fast-check';
import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICIAL_CHANNELS } from '../../config/official-channels.ts';
import { DEFAULT_REPLY_TEMPLATES } from '../../config/reply-templates.ts';
import { classifyMention } from '../../src/core/mentions/classify-mention.ts';
import { composeReply } from '../../src/core/mentions/compose-reply.ts';
import { parseSubject, type Subject } from '../../src/core/mentions/parse-subject.ts';
import { type Verdict, verifySubject } from '../../src/core/mentions/verify-subject.ts';

const RUNS = { numRuns: 500 };
const LANGUAGES = ['en', 'es', 'pt', 'fr', 'de', 'it', 'ru', 'tr', 'zh', 'ja', 'ko', 'vi', 'id', 'uk', 'pl', 'ar'];

/** Any Unicode, including lone surrogates and control characters. */
const anyString = fc.string({ unit: 'binary', maxLength: 300 });
/** Strings built from pieces that reach deep into the parsers and patterns. */
const PIECES = [
  '@', '@@', 'SessionTechFND', 'session', 'ѕession', 'Ν', '.', '..', 'xn--', 'org', 'getsession', 'https://', 'x.com/',
  '/', '?', '¿', '？', ' ', '\n', 'is', 'this', 'legit', 'official', 'real', 'or', 'not', 'a', 'scam', 'es', 'oficial',
  'ist', 'das', 'echt', 'это', 'ли', 'mi', '是', '吗', '公式', 'ですか', '#', '_', '-', '0', 'id', '\u200b', '\u0301', '😀',
];
const pieceString = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));
const spacedPieces = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(' '));
const text = fc.oneof(anyString, pieceString, spacedPieces, fc.string({ unit: 'grapheme', maxLength: 200 }));

const subjectArb: fc.Arbitrary<Subject> = fc.oneof(
  fc.record({ kind: fc.constant('x-account' as const), handle: text, id: fc.option(text, { nil: undefined }) }),
  fc.record({ kind: fc.constant('mastodon-account' as const), acct: text }),
  fc.record({ kind: fc.constant('bluesky-account' as const), handle: text, did: fc.option(text, { nil: undefined }) }),
  fc.record({ kind: fc.constant('url' as const), url: text, host: text }),
  fc.record({ kind: fc.constant('domain' as const), domain: text }),
  fc.record({ kind: fc.constant('app' as const), store: fc.constantFrom('apple' as const, 'google' as const), id: text }),
);
const verdictArb: fc.Arbitrary<Verdict> = fc.record({
  verdict: fc.constantFrom('official' as const, 'unofficial' as const, 'lookalike' as const),
  reason: text,
  of: fc.option(fc.oneof(text, fc.constantFrom(...DEFAULT_REPLY_TEMPLATES.nameableChannels)), { nil: undefined }),
});

describe('never throws on any input', () => {
  it('classifyMention', () => {
    fc.assert(
      fc.property(text, (t) => {
        const result = classifyMention(t);
        expect(typeof result.asksOfficial).toBe('boolean');
        expect(LANGUAGES).toContain(result.language);
      }),
      RUNS,
    );
  });

  it('parseSubject, and verifySubject on what it parses', () => {
    fc.assert(
      fc.property(text, (t) => {
        const subject = parseSubject(t);
        if (subject !== undefined) {
          expect(['official', 'unofficial', 'lookalike', 'unsure', 'former']).toContain(verifySubject(subject, DEFAULT_OFFICIAL_CHANNELS).verdict);
        }
      }),
      RUNS,
    );
  });

  it('verifySubject on arbitrary subjects', () => {
    fc.assert(
      fc.property(subjectArb, (subject) => {
        const v = verifySubject(subject, DEFAULT_OFFICIAL_CHANNELS);
        expect(['official', 'unofficial', 'lookalike', 'unsure', 'former']).toContain(v.verdict);
        expect(typeof v.reason).toBe('string');
      }),
      RUNS,
    );
  });

  it('composeReply on arbitrary subjects, verdicts, languages and askers, within the length limits', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('x' as const, 'mastodon' as const, 'bluesky' as const),
        fc.oneof(fc.constantFrom(...LANGUAGES), text),
        fc.option(subjectArb, { nil: undefined }),
        verdictArb,
        fc.option(text, { nil: undefined }),
        (platform, language, subject, verdict, replyToAcct) => {
          const reply = composeReply({ platform, language, subject, verdict, replyToAcct }, DEFAULT_REPLY_TEMPLATES);
          expect(reply.length).toBeGreaterThan(0);
          if (platform === 'x') expect(twitterText.parseTweet(reply).weightedLength).toBeLessThanOrEqual(280);
          else if (platform === 'bluesky') expect([...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(reply)].length).toBeLessThanOrEqual(300);
          else expect([...reply].length).toBeLessThanOrEqual(500);
        },
      ),
      RUNS,
    );
  });
});

/** The raw strings a subject carries, and whether composeReply may show each one. */
function rawParts(subject: Subject): string[] {
  switch (subject.kind) {
    case 'x-account':
      return [subject.handle, subject.id ?? ''];
    case 'mastodon-account':
      return [subject.acct];
    case 'bluesky-account':
      return [subject.handle, subject.did ?? ''];
    case 'url':
      return [subject.url, subject.host];
    case 'domain':
      return [subject.domain];
    case 'app':
      return [subject.id];
    case 'unverifiable':
      return [];
  }
}

const SAFE_HANDLE = /^@?[A-Za-z0-9_]{1,15}$/;
const SAFE_HOST = /^[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9](?:[a-z0-9-]{0,62}))+$/;

function isSafe(raw: string): boolean {
  const nameable = DEFAULT_REPLY_TEMPLATES.nameableChannels.map((n) => n.toLowerCase());
  return SAFE_HANDLE.test(raw) || (raw.length <= 64 && SAFE_HOST.test(raw.toLowerCase())) || nameable.includes(raw.toLowerCase());
}

/** The same subject with every raw string replaced by a fixed unsafe one. */
function neutral(subject: Subject): Subject {
  const x = '\u0000unsafe\u0000';
  switch (subject.kind) {
    case 'x-account':
      return { ...subject, handle: x, ...(subject.id === undefined ? {} : { id: x }) };
    case 'mastodon-account':
      return { ...subject, acct: x };
    case 'bluesky-account':
      return { ...subject, handle: x, ...(subject.did === undefined ? {} : { did: x }) };
    case 'url':
      return { ...subject, url: x, host: x };
    case 'domain':
      return { ...subject, domain: x };
    case 'app':
      return { ...subject, id: x };
    case 'unverifiable':
      return subject;
  }
}

describe('composeReply never echoes unsafe input', () => {
  it('never writes @ followed by anything but an official Bluesky handle on Bluesky', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LANGUAGES), fc.option(subjectArb, { nil: undefined }), verdictArb, (language, subject, verdict) => {
        const reply = composeReply({ platform: 'bluesky', language, subject, verdict }, DEFAULT_REPLY_TEMPLATES);
        for (const match of reply.matchAll(/(?<![\p{L}\p{N}_/])[@＠]([\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)*)/gu)) expect(match[1]?.toLowerCase(), reply).toBe('session.foundation');
      }),
      RUNS,
    );
  });

  it('an unsafe subject changes nothing in the reply, and never appears in it', () => {
    fc.assert(
      fc.property(fc.constantFrom('x' as const, 'mastodon' as const, 'bluesky' as const), fc.constantFrom(...LANGUAGES), subjectArb, verdictArb, (platform, language, subject, verdict) => {
        if (rawParts(subject).some((raw) => isSafe(raw))) return;
        // Equal to the reply about a neutral placeholder: nothing of the raw subject reaches it.
        const reply = composeReply({ platform, language, subject, verdict }, DEFAULT_REPLY_TEMPLATES);
        const baseline = composeReply({ platform, language, subject: neutral(subject), verdict }, DEFAULT_REPLY_TEMPLATES);
        expect(reply).toBe(baseline);
      }),
      RUNS,
    );
  });

  it('an unsafe handle never appears in a reply about it, which names the channel it imitates', () => {
    const handle = 'Sess1onTechFND_airdrop_support';
    expect(isSafe(handle)).toBe(false);
    const verdict: Verdict = { verdict: 'lookalike', reason: 'near-miss spelling of an official name', of: '@SessionTechFND' };
    for (const language of LANGUAGES) {
      for (const platform of ['x', 'mastodon', 'bluesky'] as const) {
        const reply = composeReply({ platform, language, subject: { kind: 'x-account', handle }, verdict }, DEFAULT_REPLY_TEMPLATES);
        expect(reply, `${language} ${platform}`).not.toContain(handle);
        expect(reply, `${language} ${platform}`).toMatch(/SessionTechFND/);
      }
    }
  });

  it('never writes @ followed by a non-official handle on Mastodon (beyond the asker it replies to)', () => {
    const officialHandles = new Set(['sessiontechfnd', 'session_app', 'session@mastodon.social']);
    fc.assert(
      fc.property(fc.constantFrom(...LANGUAGES), fc.option(subjectArb, { nil: undefined }), verdictArb, fc.option(text, { nil: undefined }), (language, subject, verdict, replyToAcct) => {
        const reply = composeReply({ platform: 'mastodon', language, subject, verdict, replyToAcct }, DEFAULT_REPLY_TEMPLATES);
        const asker = `@${(replyToAcct ?? '').replace(/^@/u, '')} `;
        const body = replyToAcct !== undefined && reply.startsWith(asker) ? reply.slice(asker.length) : reply;
        for (const match of body.matchAll(/[@＠]([\p{L}\p{N}_]+(?:[@＠][\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)*)?)/gu)) {
          expect(officialHandles.has((match[1] ?? '').toLowerCase()), reply).toBe(true);
        }
      }),
      RUNS,
    );
  });
});
