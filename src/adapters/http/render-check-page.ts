import { html } from 'hono/html';
import { type PublicPageText, type PublicVerdict, publicPageText } from '../../../config/public-page-text.ts';
import type { CheckAnswer } from '../../core/public/check-input.ts';
import { type Fragment, httpHref, type PageFrame, renderPage } from './render-layout.ts';

const SYMBOL: Record<PublicVerdict, string> = {
  official: '✓',
  announcement: '✓',
  'official-account': 'ℹ',
  unsure: '?',
  former: '⏸',
  retracted: '⚠',
  unofficial: '✗',
  lookalike: '⚠',
};

/**
 * The visitor's input as the page shows it back: controls and invisible format characters (bidi
 * overrides, zero-width spaces) made visible as U+FFFD, so a shared /check link cannot make its
 * input look like something else beside the verdict.
 */
export function shownInput(input: string): string {
  return input.trim().replace(/[\p{Cc}\p{Cf}]/gu, '\uFFFD');
}

export interface CheckPageArgs {
  lang: string;
  /** `?lang=` as asked (kept in the form), if any. */
  langParam: string | undefined;
  input: string;
  answer: CheckAnswer;
}

/** The form: a GET to /check, so it works without JavaScript and its answer can be linked. */
export function renderCheckForm(frame: PageFrame, t: PublicPageText, input: string, langParam: string | undefined): Fragment {
  return html`<form class="check" method="get" action="${frame.base}/check" role="search">
<label for="q">${t.checkLabel}</label>
<input id="q" name="q" type="text" value="${input}" maxlength="2048" autocomplete="off" autocapitalize="off" spellcheck="false" inputmode="url" required>
${langParam === undefined ? '' : html`<input type="hidden" name="lang" value="${langParam}">`}
<button type="submit">${t.checkButton}</button>
</form>`;
}

/** `/check`: the form, and the verdict (word, colour and symbol, one line, the reason) when asked. */
export function renderCheckPage(frame: PageFrame, args: CheckPageArgs): Fragment {
  const t = publicPageText(args.lang);
  const body = html`<h1>${t.checkTitle}</h1>
<p class="lede">${t.checkIntro}</p>
${renderCheckForm(frame, t, shownInput(args.input), args.langParam)}
${args.answer.kind === 'empty' ? '' : renderVerdict(t, args.input, args.answer)}`;
  return renderPage(frame, { title: `${t.checkTitle} — Session Technology Foundation`, lang: args.lang, dir: t.direction, current: 'check', body });
}

function renderVerdict(t: PublicPageText, input: string, answer: Exclude<CheckAnswer, { kind: 'empty' }>): Fragment {
  const { verdict, line, reason, link } = describe(t, answer);
  return html`<section class="verdict v-${verdict}" aria-labelledby="verdict-word" aria-live="polite">
<p class="word" id="verdict-word"><span class="symbol" aria-hidden="true">${SYMBOL[verdict]}</span>${t.words[verdict]}</p>
<p class="line">${line}</p>
${link ?? ''}
<p class="reason">${t.reasonLabel} <span lang="en">${reason}</span></p>
<p class="asked">Checked: <code dir="ltr">${shownInput(input)}</code></p>
</section>`;
}

interface Described {
  verdict: PublicVerdict;
  line: string;
  reason: string;
  link?: Fragment;
}

/**
 * A name put into a right-to-left sentence, isolated so the bidi algorithm keeps it whole: a title
 * in either direction (FSI … PDI), a channel or date left to right (LRI … PDI).
 */
function isolate(t: PublicPageText, text: string, kind: 'first-strong' | 'ltr'): string {
  if (t.direction !== 'rtl') return text;
  return `${kind === 'ltr' ? '\u2066' : '\u2068'}${text}\u2069`;
}

function describe(t: PublicPageText, answer: Exclude<CheckAnswer, { kind: 'empty' }>): Described {
  if (answer.kind === 'announcement') {
    const fill = (s: string) => s.replace('{title}', () => isolate(t, answer.item.title, 'first-strong')).replace('{date}', () => isolate(t, answer.date, 'ltr'));
    const canonical = httpHref(answer.item.link) === undefined ? answer.item.link : html`<a href="${answer.item.link}">${answer.item.link}</a>`;
    const post = answer.postUrl === undefined || httpHref(answer.postUrl) === undefined ? '' : html` · <a href="${answer.postUrl}">${answer.platform === 'x' ? 'Post on X' : 'Post on Mastodon'}</a>`;
    const link = html`<p>${canonical}${post}</p>`;
    return answer.retracted
      ? { verdict: 'retracted', line: fill(t.lines.retracted), reason: 'Herald made this post for the announcement, then retracted it', link }
      : { verdict: 'announcement', line: fill(t.lines.announcement), reason: 'a post Herald made for this announcement', link };
  }
  if (answer.kind === 'official-account') return { verdict: 'official-account', line: t.lines.officialAccount, reason: answer.reason };
  const v = answer.verdict;
  switch (v.verdict) {
    case 'official':
      return { verdict: 'official', line: t.lines.official, reason: v.reason };
    case 'lookalike':
      return { verdict: 'lookalike', line: v.of === undefined ? t.lines.lookalikeGeneric : t.lines.lookalike.replace('{of}', () => isolate(t, v.of!, 'ltr')), reason: v.reason };
    case 'former':
      return { verdict: 'former', line: t.lines.former, reason: v.reason };
    case 'unsure':
      return { verdict: 'unsure', line: t.lines.unsure, reason: v.reason };
    default:
      return { verdict: 'unofficial', line: t.lines.unofficial, reason: v.reason };
  }
}
