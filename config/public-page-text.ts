import { LANGUAGE_FILES } from './language-files.ts';

/**
 * The public "is this official?" page's words, per language (the `publicPage` part of
 * `config/languages/<code>/templates.json`, read and checked by language-files.ts): the form, the verdict's word and
 * its one-line sentence, and the line a mention reply may end with. Keyed by the same language
 * codes as the reply templates (the same files), English the fallback.
 *
 * Placeholders: `{of}` (an official channel), `{title}` (an announcement's title, escaped by the
 * page), `{date}` (YYYY-MM-DD), `{url}` (PUBLIC_BASE_URL + /check). Nothing a visitor typed is
 * ever put into these sentences.
 */

/** What the page answers: the five verdicts of `herald verify`, and three about a post URL. */
export type PublicVerdict = 'official' | 'unofficial' | 'lookalike' | 'unsure' | 'former' | 'announcement' | 'official-account' | 'retracted';

export interface PublicPageText {
  checkTitle: string;
  checkIntro: string;
  checkLabel: string;
  checkButton: string;
  /** Before the verdict's reason (which is fixed English, shown as such). */
  reasonLabel: string;
  /** The verdict as one word or two, shown beside its colour. */
  words: Record<PublicVerdict, string>;
  lines: {
    official: string;
    unofficial: string;
    lookalike: string;
    lookalikeGeneric: string;
    unsure: string;
    former: string;
    announcement: string;
    officialAccount: string;
    retracted: string;
  };
  /** The last line of a mention reply when REPLY_CHECK_LINK=true. */
  checkAnyLink: string;
  /** `rtl` (Arabic): the page is laid out right to left, and the names it inserts are isolated. */
  direction?: 'ltr' | 'rtl';
}

/** Every language's words, from config/languages/<code>/templates.json (English first). */
export const PUBLIC_PAGE_TEXT: { en: PublicPageText } & Record<string, PublicPageText> = Object.fromEntries(
  Object.entries(LANGUAGE_FILES).map(([code, file]) => [code, file.publicPage]),
) as { en: PublicPageText } & Record<string, PublicPageText>;

/** The words for `language`, English when there are none. */
export function publicPageText(language: string): PublicPageText {
  return Object.hasOwn(PUBLIC_PAGE_TEXT, language) ? PUBLIC_PAGE_TEXT[language]! : PUBLIC_PAGE_TEXT.en;
}
