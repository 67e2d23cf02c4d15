import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseMentions, toPlainText } from '../../src/core/feed/plain-text.ts';

/** What must never survive: controls, bidi overrides/isolates, zero-width and other format chars except emoji ZWJ. */
const FORBIDDEN = /[\p{Cc}\u202A-\u202E\u2066-\u2069\u200B\u200C\u200E\u200F\u2060\uFEFF\u00AD\uFFFE\uFFFF]/u;

describe('toPlainText', () => {
  it.each([
    ['plain ASCII', 'Hello world', 'Hello world'],
    ['CJK', '会话：发送消息，而非元数据', '会话：发送消息，而非元数据'],
    ['Arabic stays in logical order', 'رسائل خاصة', 'رسائل خاصة'],
    ['emoji', 'Launch 🚀 day 🎉', 'Launch 🚀 day 🎉'],
    ['ZWJ emoji sequence kept', 'Family 👨‍👩‍👧 time', 'Family 👨‍👩‍👧 time'],
    ['skin tone + ZWJ kept', 'Coder 👩🏽‍💻!', 'Coder 👩🏽‍💻!'],
    ['flag tag sequence kept', 'Go 🏴󠁧󠁢󠁳󠁣󠁴󠁿', 'Go 🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    ['named entities', 'Caf&eacute; &amp; cr&egrave;me&hellip; &copy;', 'Café & crème… ©'],
    ['numeric entities', '&#8220;quoted&#8221; &#x1F512; &#150;', '“quoted” 🔒 –'],
    ['invalid numeric entities vanish', 'a&#0;b&#xD800;c&#x110000;d', 'abcd'],
    ['unknown entity kept as written', 'R&D; &bogus; AT&T', 'R&D; &bogus; AT&T'],
    ['any HTML named reference decoded', '&starf; 2&frac13; &rightarrow; &Rarr; &NewLine;&Tab;x', '★ 2⅓ → ↠ x'],
    ['a reference without its semicolon kept as written', '&copy 2024 ?a=1&copy=2 &not &amp &#150 x', '&copy 2024 ?a=1&copy=2 &not &amp &#150 x'],
    ['invisible characters written as references removed', 'a&ZeroWidthSpace;b&NoBreak;c&InvisibleTimes;d&shy;e&lrm;f&#x202E;g&#x81;h&#xFEFF;i', 'abcdefghi'],
    ['decodes once only', '&amp;lt;b&amp;gt;', '&lt;b&gt;'],
    ['HTML tags stripped', '<p>Hello <b>bold</b> <a href="x">link</a></p>', 'Hello bold link'],
    ['block tags separate words', 'one<br>two<p>three</p>four', 'one two three four'],
    ['inline tags do not split words', 'Ses<b>sion</b>', 'Session'],
    ['script and style content dropped', '<script>alert(1)</script>Safe<style>p{}</style>', 'Safe'],
    ['comments dropped', 'a<!-- hidden -->b', 'ab'],
    ['CDATA markers unwrapped and stripped', '<![CDATA[<em>Hi</em>]]>', 'Hi'],
    ['a lone < is text', '1 < 2 and 3 > 2', '1 < 2 and 3 > 2'],
    ['a tag that never closes is text', 'Broken <b markup and </i', 'Broken <b markup and </i'],
    ['an unterminated comment drops the rest', 'a<!-- b > c', 'a'],
    ['a > inside a quoted attribute does not end the tag', 'a<a title="x>y">link</a> b', 'alink b'],
    ['an empty comment <!--> ends at once', 'a<!-->b', 'ab'],
    ['hidden content ends only at its own end tag', '<noscript>x</template>y</noscript>z', 'z'],
    ['an unclosed script hides the rest', 'a<script>b</p>c', 'a'],
    ['end tags are matched case-insensitively, space allowed', '<SCRIPT>x</Script >y', 'y'],
    ['textarea and xmp content kept as written, as a browser shows it', '<textarea><b>x</b></textarea>', '<b>x</b>'],
    ['entity-made tags are text, not markup', '&lt;b&gt;not bold&lt;/b&gt;', '<b>not bold</b>'],
    ['NUL and C0 controls removed', 'a\u0000b\u0001c\u001bd', 'abcd'],
    ['C1 controls removed', 'a\u0080b\u009bc', 'abc'],
    ['bidi overrides removed', 'Claim \u202Egpj.exe\u202C now', 'Claim gpj.exe now'],
    ['bidi isolates and marks removed', '\u2066a\u2069 \u2067b\u2069 \u2068c\u2069\u200E\u200F\u061C', 'a b c'],
    ['zero-width chars removed', 'Ses\u200Bsi\u200Con\u200D \u2060up\uFEFFdate', 'Session update'],
    ['soft hyphen removed', 'super\u00ADcali', 'supercali'],
    ['whitespace collapsed', '  a \t\n b\u00A0\u2003c\u2028d  ', 'a b c d'],
    ['NFC normalised', 'Cafe\u0301', 'Café'],
    ['lone surrogates removed', 'a\uD800b\uDFFFc', 'abc'],
  ])('%s', (_name, input, expected) => {
    expect(toPlainText(input)).toBe(expected);
  });

  it('cuts to maxLength code points without splitting a surrogate pair', () => {
    const title = '🚀'.repeat(2_000);
    const cut = toPlainText(title, 1000);
    expect([...cut]).toHaveLength(1000);
    expect(cut.isWellFormed()).toBe(true);
  });

  // No stopwatch (a busy machine would fail it): a quadratic pass over these inputs takes minutes,
  // so the test's own timeout is the guard, and the outputs are checked.
  it('handles a 100 kB title', { timeout: 30_000 }, () => {
    const cut = toPlainText(`${'word '.repeat(20_000)}`, 1000);
    expect([...cut].length).toBeLessThanOrEqual(1000);
    expect(cut.startsWith('word word')).toBe(true);
  });

  it('gets through pathological markup (a quadratic pass would time out)', { timeout: 30_000 }, () => {
    const hostile = [
      '<a'.repeat(50_000),
      '<!--'.repeat(30_000),
      '<script>'.repeat(20_000),
      '&#'.repeat(60_000),
      '&amp'.repeat(40_000),
      '<a href="'.repeat(20_000),
      `${'<div>'.repeat(15_000)}${'</span>'.repeat(15_000)}`,
      '<template>'.repeat(15_000),
      `&#${'9'.repeat(100_000)};`,
    ];
    for (const input of hostile) {
      const text = toPlainText(input);
      expect(text.isWellFormed()).toBe(true);
      expect(text).not.toMatch(/<script>/);
    }
  });

  it('never throws and never outputs control, bidi or invisible characters', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom('<b>', '</p>', '<!--', '-->', '<![CDATA[', ']]>', '&amp;', '&#0;', '&#x202E;', '&lt;', '<script>', '\u200D', '\u202E', '\u0000', '👨‍👩‍👧', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.integer({ min: 0, max: 2000 }), (pieces, maxLength) => {
        const output = toPlainText(pieces.join(''), maxLength);
        expect(output).not.toMatch(FORBIDDEN);
        expect(output.isWellFormed()).toBe(true);
        expect([...output].length).toBeLessThanOrEqual(maxLength);
        expect(output).toBe(output.trim());
        expect(output).not.toMatch(/\s{2}/);
        // A ZWJ survives only between pictographs.
        for (const match of output.matchAll(/\u200D/gu)) {
          const before = [...output.slice(0, match.index)].at(-1) ?? '';
          expect(before).toMatch(/^(?:\p{Extended_Pictographic}|\u{FE0F}|[\u{1F3FB}-\u{1F3FF}])$/u);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent on output without markup characters (entities are decoded once, by design)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (input) => {
        const once = toPlainText(input);
        fc.pre(!/[&<]/.test(once));
        expect(toPlainText(once)).toBe(once);
      }),
    );
  });
});

describe('neutraliseMentions', () => {
  it.each([
    ['Thanks @alice and $SESH', 'Thanks alice and SESH'],
    ['write to team@getsession.org', 'write to team@getsession.org'],
    ['@@bob', 'bob'],
    ['＠carol (fullwidth)', 'carol (fullwidth)'],
    ['$$ETH and $@x', 'ETH and x'],
    ['costs $5, not $SESH', 'costs $5, not SESH'],
    ['(@dave), "@erin"', '(dave), "erin"'],
    ['é@eve (X links this)', 'éeve (X links this)'],
    ['@alice@mastodon.social', 'alice@mastodon.social'],
    ['lone @ and $ stay', 'lone @ and $ stay'],
    ['#hashtags stay', '#hashtags stay'],
  ])('%s → %s', (input, expected) => {
    expect(neutraliseMentions(input)).toBe(expected);
  });

  it('leaves nothing a platform would link as a mention or cashtag', () => {
    const mention = /(^|[^A-Za-z0-9_])[@＠][\p{L}\p{N}_]/u;
    const cashtag = /(^|[^A-Za-z0-9_])\$\p{L}/u;
    const text = fc.array(fc.constantFrom('@', '＠', '$', 'a', 'Z', '1', '_', ' ', '.', 'é', '(', '\n'), { maxLength: 20 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (input) => {
        const output = neutraliseMentions(input);
        expect(output).not.toMatch(mention);
        expect(output).not.toMatch(cashtag);
      }),
      { numRuns: 2_000 },
    );
  });
});
