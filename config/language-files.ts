import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { PublicPageText } from './public-page-text.ts';
import type { LanguageTemplates } from './reply-templates.ts';

/**
 * The per-language data Herald speaks: one directory per language under `config/languages/`,
 * named by its code (`en`, `ko`, `pt`…), holding `templates.json` (the reply sentences and the
 * public page's words; this module) and `lexicon.json` (what the classifier reads; config/lexicons.ts).
 * Adding a language is adding a directory. Read synchronously when first imported: a missing or
 * broken file stops start-up with an error naming the file and the field.
 */

/** The language files Herald ships with. */
export const LANGUAGES_DIR = fileURLToPath(new URL('./languages/', import.meta.url));

export interface LanguageFile {
  reply: LanguageTemplates;
  publicPage: PublicPageText;
}

const PLACEHOLDER = /\{[^{}\s]*\}/gu;
const CODE = /^[a-z]{2,3}$/u;

/** A non-empty sentence whose placeholders are exactly `required`, each once. */
function sentence(...required: string[]) {
  const error = (issue: { input?: unknown }) => (issue.input === undefined ? 'is missing' : `must be a string, not ${JSON.stringify(issue.input)}`);
  return z.string({ error }).superRefine((value, ctx) => {
    if (value.trim() === '') {
      ctx.addIssue({ code: 'custom', message: 'must be a non-empty sentence' });
      return;
    }
    const found = value.match(PLACEHOLDER) ?? [];
    for (const name of required) {
      const count = found.filter((p) => p === name).length;
      if (count !== 1) ctx.addIssue({ code: 'custom', message: `must contain ${name} exactly once (found ${count})` });
    }
    for (const extra of found.filter((p) => !required.includes(p))) {
      const allowed = required.length === 0 ? 'no placeholder' : `only ${required.join(', ')}`;
      ctx.addIssue({ code: 'custom', message: `has the unknown placeholder ${extra} (allowed here: ${allowed})` });
    }
  });
}

const replySchema = z.strictObject({
  unsure: sentence(),
  former: sentence(),
  officialAccount: sentence('{subject}'),
  officialChannel: sentence('{subject}'),
  unofficial: sentence('{subject}'),
  lookalike: sentence('{of}'),
  lookalikeGeneric: sentence(),
  channelsLine: sentence('{channels}'),
  subjects: z.strictObject({ account: sentence(), link: sentence(), app: sentence(), other: sentence() }),
});

const publicPageSchema = z.strictObject({
  checkTitle: sentence(),
  checkIntro: sentence(),
  checkLabel: sentence(),
  checkButton: sentence(),
  reasonLabel: sentence(),
  words: z.strictObject({
    official: sentence(),
    unofficial: sentence(),
    lookalike: sentence(),
    unsure: sentence(),
    former: sentence(),
    announcement: sentence(),
    'official-account': sentence(),
    retracted: sentence(),
  }),
  lines: z.strictObject({
    official: sentence(),
    unofficial: sentence(),
    lookalike: sentence('{of}'),
    lookalikeGeneric: sentence(),
    unsure: sentence(),
    former: sentence(),
    announcement: sentence('{title}', '{date}'),
    officialAccount: sentence(),
    retracted: sentence('{title}', '{date}'),
  }),
  checkAnyLink: sentence('{url}'),
});

const fileSchema = z.strictObject({
  /** `rtl` (Arabic…): composeReply isolates every inserted handle, domain and URL. */
  direction: z.enum(['ltr', 'rtl'], { error: 'must be "ltr" or "rtl" (the direction the language is written in)' }),
  reply: replySchema,
  publicPage: publicPageSchema,
});

/** A language file that is missing, unreadable or wrong: the message names the file and the field. */
export class LanguageFileError extends Error {
  override name = 'LanguageFileError';
}

function fieldName(path: ReadonlyArray<PropertyKey>): string {
  return path.length === 0 ? '(the whole file)' : path.map(String).join('.');
}

/** Read and check one language's `templates.json`. */
export function readLanguageFile(dir: string, code: string): LanguageFile {
  const file = join(dir, code, 'templates.json');
  if (!existsSync(file)) {
    throw new LanguageFileError(`${file} is missing: every language directory needs a templates.json (reply sentences and public page words; copy en/templates.json and translate it)`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LanguageFileError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${fieldName(issue.path)}: ${issue.message}`);
    throw new LanguageFileError(`${file} is not a valid language file: ${problems.join('; ')}`);
  }
  const { direction, reply, publicPage } = parsed.data;
  return { reply: { ...reply, direction }, publicPage: { ...publicPage, direction } };
}

/** Every language under `dir` (default: config/languages/), English first; English is required. */
export function readLanguageFiles(dir: string = LANGUAGES_DIR): { en: LanguageFile } & Record<string, LanguageFile> {
  if (!existsSync(dir)) throw new LanguageFileError(`${dir} is missing: it holds one directory per reply language (en at least)`);
  const codes = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const bad = codes.find((code) => !CODE.test(code));
  if (bad !== undefined) throw new LanguageFileError(`${join(dir, bad)}: a language directory is named by its lower-case ISO 639 code (en, ko, pt…), not "${bad}"`);
  if (!codes.includes('en')) throw new LanguageFileError(`${join(dir, 'en', 'templates.json')} is missing: English is required (it is the fallback for every other language)`);
  const files: Record<string, LanguageFile> = {};
  for (const code of ['en', ...codes.filter((c) => c !== 'en')]) files[code] = readLanguageFile(dir, code);
  return files as { en: LanguageFile } & Record<string, LanguageFile>;
}

/** The files Herald ships with, read once. */
export const LANGUAGE_FILES = readLanguageFiles();
