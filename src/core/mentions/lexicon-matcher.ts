import type { Lexicon } from '../../../config/lexicons.ts';
import { type Clause, normaliseEntry } from './mention-clauses.ts';

/** The signals one language's lexicon finds in one clause; the entries that fired, as written in the lexicon. */
export interface ClauseSignals {
  clause: string;
  /** Ends with a question mark (`?`, `？`, `؟`) or starts with `¿`. */
  marked: boolean;
  /** Ends a sentence (the clauses of one sentence are read together for negative cues and particles). */
  ends: boolean;
  /** A question particle or phrase fired ("ли", "czy", "tell me if"): it asks for the whole sentence. */
  particle: boolean;
  /**
   * The clause is only an interjection or tag ("really", "verdad", "oder"): alone it asks
   * nothing; ending a sentence with `?` it makes the sentence a question ("…ist Betrug, oder?").
   */
  interjection: boolean;
  authenticity: string[];
  /** An authenticity word ends the clause ("…legit", "…official or not"): a predicate, not "the official app is…". */
  final: boolean;
  weakAuthenticity: string[];
  self: string[];
  /** An offer the Foundation never makes (token, airdrop) with who would make it (Session, you) or a doubt adverb: "so Session is launching a token??". */
  offer: string[];
  /** A doubt adverb with an actor ("do you really have a support account on Telegram? <link>"): asks when a link or handle is named. */
  doubt: string[];
  question: string[];
  /** Pointers ("this", "you"), links or handles, and names in quotes in the clause. */
  pointer: string[];
  subject: string[];
  negative: string[];
}

type Kind =
  | 'authenticity'
  | 'weakAuthenticity'
  | 'self'
  | 'offers'
  | 'actors'
  | 'doubt'
  | 'questionParticles'
  | 'alternatives'
  | 'tails'
  | 'pointers'
  | 'subjects'
  | 'negative'
  | 'hearsay';
const KINDS: readonly Kind[] = ['authenticity', 'weakAuthenticity', 'self', 'offers', 'actors', 'doubt', 'questionParticles', 'alternatives', 'tails', 'pointers', 'subjects', 'negative', 'hearsay'];

interface Entry {
  written: string;
  pattern: RegExp;
  /** The same entry, matching only at the end of the text. */
  atEnd: RegExp;
}

/** One language's lexicon, compiled once into patterns. */
export interface LexiconMatcher {
  code: string;
  read(clause: Clause): ClauseSignals;
}

/** Stand-ins mentionClauses puts where a link or a handle was: a subject in every language. */
const MAX_TAIL = 6;
const PLACEHOLDER = /(?:^| )x(?:link|handle)(?= |$)/u;
const QUOTED = /(?:^| )xname(?= |$)/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** Entries this long or longer also match after an elided article ("loriginale", "dellapp"). */
const MIN_ELIDED = 4;

function compileEntry(written: string, compact: boolean, elisions = ''): Entry | undefined {
  const normal = normaliseEntry(written);
  const core = normal.replace(/^\*|\*$/gu, '').trim();
  if (core === '' || core.includes('*')) return undefined;
  if (compact) {
    const source = escapeRegExp(core.replaceAll(' ', ''));
    return { written, pattern: new RegExp(source, 'u'), atEnd: new RegExp(`${source}$`, 'u') };
  }
  const start = normal.startsWith('*') ? '\\S*' : '';
  const end = normal.endsWith('*') ? '\\S*' : '';
  const elided = elisions !== '' && core.length >= MIN_ELIDED ? `(?:${elisions})?` : '';
  const source = `(?:^| )${elided}${start}${escapeRegExp(core)}${end}`;
  return { written, pattern: new RegExp(`${source}(?= |$)`, 'u'), atEnd: new RegExp(`${source}$`, 'u') };
}

function compileAll(entries: readonly string[], compact: boolean, elisions = ''): Entry[] {
  return entries.map((e) => compileEntry(e, compact, elisions)).filter((e): e is Entry => e !== undefined);
}

/**
 * The clause without what may trail a predicate: links, handles, question particles, endings and
 * the thing named ("or not", "mi", "ですか", "account"), so "…fake account?" ends in "fake".
 */
function withoutTail(text: string, tails: readonly Entry[]): string {
  let rest = text;
  for (let i = 0; i < MAX_TAIL; i++) {
    const trimmed = rest.replace(/ x(?:link|handle|name)$/u, '');
    if (trimmed !== rest) {
      rest = trimmed;
      continue;
    }
    if (!endsWithAny(tails, rest)) break;
    const tail = tails.map((t) => t.atEnd.exec(rest)).find((m) => m !== null && m.index > 0);
    if (tail === undefined || tail === null) break;
    rest = rest.slice(0, tail.index).trimEnd();
  }
  return rest;
}

/**
 * One alternation of a whole list, built once per list: a clause matches none of a list's
 * entries far more often than any, and one pass of the union says so at the cost of one regex
 * instead of hundreds. Only a list that matches is read entry by entry (for the signals).
 */
const UNIONS = new WeakMap<readonly Entry[], { anywhere: RegExp; atEnd: RegExp } | null>();
function unionOf(entries: readonly Entry[]): { anywhere: RegExp; atEnd: RegExp } | null {
  let union = UNIONS.get(entries);
  if (union === undefined) {
    const join = (pick: (e: Entry) => RegExp) => new RegExp(entries.map((e) => `(?:${pick(e).source})`).join('|'), 'u');
    union = entries.length === 0 ? null : { anywhere: join((e) => e.pattern), atEnd: join((e) => e.atEnd) };
    UNIONS.set(entries, union);
  }
  return union;
}

function endsWithAny(entries: readonly Entry[], text: string): boolean {
  return unionOf(entries)?.atEnd.test(text) === true;
}

function hits(entries: readonly Entry[], text: string): string[] {
  if (unionOf(entries)?.anywhere.test(text) !== true) return [];
  return entries.filter((e) => e.pattern.test(text)).map((e) => e.written);
}

/**
 * Compile a lexicon. The matcher is the same for every language: only the data differs.
 * Question cues are a question mark, a particle anywhere, an ending (compact scripts), or an
 * opener that starts the clause (after greetings): a phrase ("can i") or a word followed by a
 * subject ("is this…", "are you…") — never "is a scam" left over from "@someone is a scam".
 */
export function compileLexicon(lexicon: Lexicon): LexiconMatcher {
  const compact = lexicon.matching === 'compact';
  const words = (entries: readonly string[]) => entries.map((o) => normaliseEntry(o)).filter((o) => o !== '' && !o.includes('*'));
  const elisions = words(lexicon.elisions).map(escapeRegExp).join('|');
  const lists = Object.fromEntries(KINDS.map((k) => [k, compileAll(lexicon[k], compact, elisions)])) as Record<Kind, Entry[]>;
  const compiled: Compiled = {
    compact,
    lists,
    openers: words(lexicon.questionOpeners),
    leads: words(lexicon.leads),
    existence: words(lexicon.existenceOpeners),
    particleWords: words(lexicon.questionParticles),
    endings: words(lexicon.questionEndings).map((e) => e.replaceAll(' ', '')),
    tails: [...lists.tails, ...lists.questionParticles, ...compileAll(lexicon.questionEndings, true), ...lists.subjects, ...lists.pointers],
    interjections: new Set(words(lexicon.interjections).map((i) => i.replaceAll(' ', ''))),
  };
  return { code: lexicon.code, read: (clause) => readClause(compiled, clause) };
}

interface Compiled {
  compact: boolean;
  lists: Record<Kind, Entry[]>;
  openers: string[];
  leads: string[];
  /** Existence openers (anywhere in the clause for compact scripts: 有没有, ありますか). */
  existence: string[];
  particleWords: string[];
  endings: string[];
  tails: Entry[];
  interjections: Set<string>;
}

function readClause(c: Compiled, clause: Clause): ClauseSignals {
  const text = c.compact ? clause.text.replaceAll(' ', '') : clause.text;
  const authenticity = hits(c.lists.authenticity, text);
  const weakAuthenticity = hits(c.lists.weakAuthenticity, text);
  const negative = hits(c.lists.negative, text);
  const actors = hits(c.lists.actors, text);
  const offers = hits(c.lists.offers, text);
  const doubt = hits(c.lists.doubt, text);
  const thing = doubt.length > 0 || offers.length > 0 ? undefined : c.compact ? c.existence.find((e) => text.includes(e.replaceAll(' ', ''))) : asksForThing(c, text);
  if (thing !== undefined) negative.push(`asks for something: ${thing}`);
  const question = hits(c.lists.questionParticles, text);
  const particle = question.length > 0;
  // A negative cue inside a longer entry that fired is part of it ("var mı" in "bilen var mı", "sao" in "bản sao").
  const longer = [...question, ...authenticity, ...weakAuthenticity].map((q) => normaliseEntry(q));
  const kept = negative.filter((n) => !longer.some((q) => q.length > n.length && q.includes(normaliseEntry(n))));
  const self = hits(c.lists.self, text);
  // An offer asked about with who would make it, or with a doubt adverb ("de verdad están haciendo un airdrop?").
  const offer = offers.length > 0 && (actors.length > 0 || doubt.length > 0) ? [...offers, ...actors, ...doubt] : [];
  // "Is it true that…" asks whether news is true (a negative cue), unless the news is an offer or the account itself.
  const hearsay = hits(c.lists.hearsay, text);
  if (hearsay.length > 0 && offer.length === 0 && self.length === 0) kept.push(...hearsay);
  const alternative = hits(c.lists.alternatives, text);
  if (alternative.length > 0 && authenticity.length + weakAuthenticity.length >= 2) question.push(`alternative: ${alternative[0]}`);
  const ending = c.endings.find((e) => text.endsWith(e));
  if (ending !== undefined) question.push(`ending ${ending}`);
  const start = c.compact ? undefined : opener(c, text);
  if (start !== undefined) question.push(`opener ${start}`);
  if (clause.marked) question.push('?');
  const pointer = hits(c.lists.pointers, text);
  if (PLACEHOLDER.test(clause.text)) pointer.push('link or handle');
  if (QUOTED.test(clause.text)) pointer.push('quoted name');
  return {
    clause: clause.text,
    marked: clause.marked,
    ends: clause.ends,
    particle,
    interjection: c.interjections.has(clause.text.replaceAll(' ', '')),
    authenticity,
    final: authenticity.length > 0 && endsWithAny(c.lists.authenticity, withoutTail(text, c.tails)),
    weakAuthenticity,
    self,
    offer,
    doubt: actors.length > 0 && doubt.length > 0 ? [...doubt, ...actors] : [],
    question,
    pointer,
    subject: hits(c.lists.subjects, text),
    negative: kept,
  };
}

function withoutLeads(c: Compiled, text: string): string {
  let rest = text;
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const lead of c.leads) {
      if (rest.startsWith(`${lead} `)) {
        rest = rest.slice(lead.length + 1);
        stripped = true;
      }
    }
  }
  return rest;
}

/** An existence opener starting the clause, unless a longer question particle starts it too. */
function asksForThing(c: Compiled, text: string): string | undefined {
  const rest = withoutLeads(c, text);
  const found = c.existence.find((o) => rest.startsWith(`${o} `));
  if (found === undefined) return undefined;
  return c.particleWords.some((p) => p.length > found.length && rest.startsWith(`${p} `)) ? undefined : found;
}

/** An opener starting the clause: a phrase ("can i"), or a word followed by a pointer or a subject ("is this"). */
function opener(c: Compiled, text: string): string | undefined {
  const rest = withoutLeads(c, text);
  return c.openers.find((o) => {
    if (!rest.startsWith(`${o} `)) return false;
    const next = rest.slice(o.length + 1).split(' ')[0] ?? '';
    return o.includes(' ') || /^x(?:link|handle)$/u.test(next) || hits(c.lists.subjects, next).length > 0;
  });
}
