import type { Lexicon } from '../../../config/lexicons.ts';
import { type Clause, normaliseEntry } from './mention-clauses.ts';

/** The signals one language's lexicon finds in one clause; the entries that fired, as written in the lexicon. */
export interface ClauseSignals {
  clause: string;
  /** Ends with a question mark (`?`, `？`, `؟`) or starts with `¿`. */
  marked: boolean;
  authenticity: string[];
  /** An authenticity word ends the clause ("…legit", "…official or not"): a predicate, not "the official app is…". */
  final: boolean;
  weakAuthenticity: string[];
  self: string[];
  question: string[];
  /** Pointers ("this", "you") and links or handles in the clause. */
  pointer: string[];
  subject: string[];
  negative: string[];
}

type Kind = 'authenticity' | 'weakAuthenticity' | 'self' | 'questionParticles' | 'pointers' | 'subjects' | 'negative';
const KINDS: readonly Kind[] = ['authenticity', 'weakAuthenticity', 'self', 'questionParticles', 'pointers', 'subjects', 'negative'];

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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

function compileEntry(written: string, compact: boolean): Entry | undefined {
  const normal = normaliseEntry(written);
  const core = normal.replace(/^\*|\*$/gu, '').trim();
  if (core === '' || core.includes('*')) return undefined;
  if (compact) {
    const source = escapeRegExp(core.replaceAll(' ', ''));
    return { written, pattern: new RegExp(source, 'u'), atEnd: new RegExp(`${source}$`, 'u') };
  }
  const start = normal.startsWith('*') ? '\\S*' : '';
  const end = normal.endsWith('*') ? '\\S*' : '';
  const source = `(?:^| )${start}${escapeRegExp(core)}${end}`;
  return { written, pattern: new RegExp(`${source}(?= |$)`, 'u'), atEnd: new RegExp(`${source}$`, 'u') };
}

function compileAll(entries: readonly string[], compact: boolean): Entry[] {
  return entries.map((e) => compileEntry(e, compact)).filter((e): e is Entry => e !== undefined);
}

/**
 * The clause without what may trail a predicate: links, handles, question particles, endings and
 * the thing named ("or not", "mi", "ですか", "account"), so "…fake account?" ends in "fake".
 */
function withoutTail(text: string, tails: readonly Entry[]): string {
  let rest = text;
  for (let i = 0; i < MAX_TAIL; i++) {
    const trimmed = rest.replace(/ x(?:link|handle)$/u, '');
    if (trimmed !== rest) {
      rest = trimmed;
      continue;
    }
    const tail = tails.map((t) => t.atEnd.exec(rest)).find((m) => m !== null && m.index > 0);
    if (tail === undefined || tail === null) break;
    rest = rest.slice(0, tail.index).trimEnd();
  }
  return rest;
}

function endsWithAny(entries: readonly Entry[], text: string): boolean {
  return entries.some((e) => e.atEnd.test(text));
}

function hits(entries: readonly Entry[], text: string): string[] {
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
  const lists = Object.fromEntries(KINDS.map((k) => [k, compileAll(lexicon[k], compact)])) as Record<Kind, Entry[]>;
  const openers = lexicon.questionOpeners.map((o) => normaliseEntry(o)).filter((o) => o !== '');
  const leads = lexicon.leads.map((o) => normaliseEntry(o)).filter((o) => o !== '');
  const endings = lexicon.questionEndings.map((e) => normaliseEntry(e).replaceAll(' ', '')).filter((e) => e !== '');
  const tails = [...lists.questionParticles, ...compileAll(lexicon.questionEndings, true), ...lists.subjects, ...lists.pointers];
  const interjections = new Set(lexicon.interjections.map((i) => normaliseEntry(i).replaceAll(' ', '')));

  const existence = lexicon.existenceOpeners.map((o) => normaliseEntry(o)).filter((o) => o !== '');
  const particleWords = lexicon.questionParticles.map((o) => normaliseEntry(o)).filter((o) => o !== '' && !o.includes('*'));

  /** An existence opener starting the clause, unless a longer question particle starts it too. */
  function asksForThing(text: string): string | undefined {
    const rest = withoutLeads(text);
    const found = existence.find((o) => rest.startsWith(`${o} `));
    if (found === undefined) return undefined;
    return particleWords.some((p) => p.length > found.length && rest.startsWith(`${p} `)) ? undefined : found;
  }

  function withoutLeads(text: string): string {
    let rest = text;
    for (let stripped = true; stripped; ) {
      stripped = false;
      for (const lead of leads) {
        if (rest.startsWith(`${lead} `)) {
          rest = rest.slice(lead.length + 1);
          stripped = true;
        }
      }
    }
    return rest;
  }

  function opener(text: string): string | undefined {
    const rest = withoutLeads(text);
    return openers.find((o) => {
      if (!rest.startsWith(`${o} `)) return false;
      const next = rest.slice(o.length + 1).split(' ')[0] ?? '';
      return o.includes(' ') || /^x(?:link|handle)$/u.test(next) || hits(lists.subjects, next).length > 0;
    });
  }

  return {
    code: lexicon.code,
    read(clause: Clause): ClauseSignals {
      const text = compact ? clause.text.replaceAll(' ', '') : clause.text;
      const negative = hits(lists.negative, text);
      const thing = compact ? undefined : asksForThing(text);
      if (thing !== undefined) negative.push(`asks for something: ${thing}`);
      if (interjections.has(clause.text.replaceAll(' ', ''))) negative.push(`interjection: ${clause.text}`);
      const question = hits(lists.questionParticles, text);
      const ending = endings.find((e) => text.endsWith(e));
      if (ending !== undefined) question.push(`ending ${ending}`);
      const start = compact ? undefined : opener(text);
      if (start !== undefined) question.push(`opener ${start}`);
      if (clause.marked) question.push('?');
      const subject = hits(lists.subjects, text);
      const pointer = hits(lists.pointers, text);
      if (PLACEHOLDER.test(clause.text)) pointer.push('link or handle');
      const authenticity = hits(lists.authenticity, text);
      return {
        clause: clause.text,
        marked: clause.marked,
        authenticity,
        final: authenticity.length > 0 && endsWithAny(lists.authenticity, withoutTail(text, tails)),
        weakAuthenticity: hits(lists.weakAuthenticity, text),
        self: hits(lists.self, text),
        question,
        pointer,
        subject,
        negative,
      };
    },
  };
}
