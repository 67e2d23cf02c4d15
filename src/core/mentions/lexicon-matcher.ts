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
}

/** One language's lexicon, compiled once into patterns. */
export interface LexiconMatcher {
  code: string;
  read(clause: Clause): ClauseSignals;
}

/** Stand-ins mentionClauses puts where a link or a handle was: a subject in every language. */
const PLACEHOLDER = /(?:^| )x(?:link|handle)(?= |$)/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

function compileEntry(written: string, compact: boolean): Entry | undefined {
  const normal = normaliseEntry(written);
  const core = normal.replace(/^\*|\*$/gu, '').trim();
  if (core === '' || core.includes('*')) return undefined;
  if (compact) return { written, pattern: new RegExp(escapeRegExp(core.replaceAll(' ', '')), 'u') };
  const start = normal.startsWith('*') ? '\\S*' : '';
  const end = normal.endsWith('*') ? '\\S*' : '';
  return { written, pattern: new RegExp(`(?:^| )${start}${escapeRegExp(core)}${end}(?= |$)`, 'u') };
}

function compileAll(entries: readonly string[], compact: boolean): Entry[] {
  return entries.map((e) => compileEntry(e, compact)).filter((e): e is Entry => e !== undefined);
}

/** The clause's last word, after trailing links, handles and question particles ("or not", "mi", "ли"). */
function lastWords(text: string, particles: readonly Entry[]): string {
  let words = text.split(' ');
  for (let cut = true; cut && words.length > 1; ) {
    cut = false;
    for (const n of [2, 1]) {
      const tail = words.slice(-n).join(' ');
      if (words.length > n && (/^x(?:link|handle)$/u.test(tail) || particles.some((p) => p.pattern.test(tail) && p.pattern.exec(tail)?.[0].trim() === tail))) {
        words = words.slice(0, -n);
        cut = true;
        break;
      }
    }
  }
  return words.slice(-1).join(' ');
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
  const interjections = new Set(lexicon.interjections.map((i) => normaliseEntry(i).replaceAll(' ', '')));

  function opener(text: string): string | undefined {
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
        final: authenticity.length > 0 && hits(lists.authenticity, compact ? text.slice(-4) : lastWords(text, lists.questionParticles)).length > 0,
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
