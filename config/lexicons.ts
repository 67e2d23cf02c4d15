import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';


/** A lexicon file that is unreadable or wrong: the message names the file and what to fix. */
export class LexiconFileError extends Error {
  override name = 'LexiconFileError';
}

/**
 * The words the mention classifier reads, one file per language:
 * `config/languages/<code>/lexicon.json`, beside that language's reply templates. Adding a
 * language is adding that file (and its templates); the matcher (src/core/mentions/) is the same
 * for every language.
 *
 * An entry is a word or a phrase, written as people type it (case and Latin accents do not
 * matter). In a `words` lexicon an entry matches whole words; `*` at its end also matches any
 * ending (`legit*`: legit, legitimate; `настоящ*`: настоящий, настоящая), `*` at its start any
 * beginning (`*رسمي`: الرسمي). In a `compact` lexicon (Chinese, Japanese, Korean) spaces are
 * ignored and an entry matches anywhere.
 */
const Entries = z.array(z.string().trim().min(1)).default([]);

const LexiconFile = z.strictObject({
  /** ISO 639-1 code: the reply template's language and what `herald classify --explain` shows. */
  code: z.string().regex(/^[a-z]{2}$/u, 'a two-letter ISO 639-1 code such as "en"'),
  name: z.string().min(1),
  matching: z.enum(['words', 'compact']).default('words'),
  /** Words that ask about authenticity: official, real, legit, fake, scam, verified, … */
  authenticity: Entries,
  /** Authenticity words that count only when the mention names something (a link, a handle, "this link"): safe, trust. */
  weakAuthenticity: Entries,
  /** Questions about the account itself: "really you", "also you", "from you", "yours". */
  self: Entries,
  /** Things the Foundation never offers (token, airdrop, giveaway, presale): asked about with an actor, the question is about authenticity. */
  offers: Entries,
  /** Who would be offering it: Session, you (the Foundation). */
  actors: Entries,
  /** Doubt adverbs (really, actually, wirklich, 真的): "do you really have a support account…?" asks whether it is true. */
  doubt: Entries,
  /** Words or phrases that make a clause a question anywhere in it: particles (ли, czy, apakah), "anyone know if". */
  questionParticles: Entries,
  /** Words that make a clause a question when it starts with them (inversion: "is this…", "ist das…"). */
  questionOpeners: Entries,
  /** Greetings and fillers that may come before an opener ("hey", "quick question"). */
  leads: Entries,
  /** "Or" words: "real or a scam" asks even without a question mark when two authenticity words are joined by one. */
  alternatives: Entries,
  /** Words that may follow a predicate without changing it ("of Session", "aqui", "的"), so "…official of Session?" ends in "official". */
  tails: Entries,
  /** Endings that make a clause a question (吗, ですか, 나요). */
  questionEndings: Entries,
  /** Words that point at something ("this", "that", "you", "это", "这"): with them an authenticity word anywhere asks about it. */
  pointers: Entries,
  /** Words that name something a verdict can be about (link, site, account, this), besides links and handles. */
  subjects: Entries,
  /** Cues that a clause asks something else or says something else: when, how, where, praise, "release notes". */
  negative: Entries,
  /** "Is it true that…": a negative cue (asks whether news is true) unless an offer or a self-reference is in the clause ("is it true that you launched a token?"). */
  hearsay: Entries,
  /**
   * Openers that ask whether something exists, or ask for something ("is there", "do you have",
   * "có", "ada"): such a clause asks for a thing, not a verdict — unless a longer question
   * particle starts it ("có phải", "ada yang tahu").
   */
  existenceOpeners: Entries,
  /** Elided articles and prepositions glued to the next word once the apostrophe is dropped (l', d', dell'): entries of 4 letters or more also match after one. */
  elisions: Entries,
  /** Whole clauses that are interjections, never questions: "really?", "for real?". */
  interjections: Entries,
});

export type Lexicon = z.infer<typeof LexiconFile>;

const ROOT = new URL('./languages/', import.meta.url);

/** Read and validate every `config/languages/<code>/lexicon.json`; throws naming the file and the problem. */
export function loadLexicons(root: URL = ROOT): Lexicon[] {
  const lexicons: Lexicon[] = [];
  for (const dir of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const file = new URL(`${dir}/lexicon.json`, root);
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch {
      continue; // a language with templates only: answered with the no-lexicon rule
    }
    let parsed: z.ZodSafeParseResult<Lexicon>;
    try {
      parsed = LexiconFile.safeParse(JSON.parse(raw));
    } catch (error) {
      throw new LexiconFileError(`config/languages/${dir}/lexicon.json is not valid JSON (${(error as Error).message}): fix the file`);
    }
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
      throw new LexiconFileError(`config/languages/${dir}/lexicon.json is invalid: ${issues}`);
    }
    if (parsed.data.code !== dir) {
      throw new LexiconFileError(`config/languages/${dir}/lexicon.json says code "${parsed.data.code}": it must be "${dir}", the folder's name`);
    }
    lexicons.push(parsed.data);
  }
  return lexicons;
}

/** The lexicons shipped with Herald, English first (English scam words are used in every language). */
export const LEXICONS: readonly Lexicon[] = loadLexicons().sort((a, b) => (a.code === 'en' ? -1 : b.code === 'en' ? 1 : 0));
