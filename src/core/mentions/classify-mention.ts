import { LEXICONS } from '../../../config/lexicons.ts';
import { mentionModel } from '../../../config/mention-model.ts';
import { type DetectedLanguage, detectLanguage } from './detect-language.ts';
import { type ClauseSignals, compileLexicon, type LexiconMatcher } from './lexicon-matcher.ts';
import { type Clause, mentionClauses } from './mention-clauses.ts';
import { type MentionModel, type ModelReading, mentionFeatures, readModel, type RuleEvidence } from './mention-model.ts';

/** What the classifier saw, for `herald classify --explain`. */
export interface MentionSignals {
  /** The language of the reply ('en' when Herald has no lexicon for the mention's language). */
  language: string;
  /** The lexicons the mention was read with (the detected language, close runners-up, English). */
  read: string[];
  /** The mention's language has no lexicon (the no-lexicon rule applies). */
  unknownLanguage: boolean;
  /** A link or a handle is named in the mention. */
  subject: boolean;
  /** What the lexicon rules alone said: `lexicon <code>` (that lexicon recognised the question), `no-lexicon rule`, or `none`. */
  decidedBy: string;
  /** The learned model's reading, which decides: it weighs the rules' answer and signals with the mention's words and characters. */
  model: ModelReading;
  /** Each clause with the entries of the lexicons that fired in it (clauses where nothing fired are left out). */
  clauses: Array<ClauseSignals & { lexicon: string }>;
}

export interface Classification {
  asksOfficial: boolean;
  language: string;
}

let compiled: ReadonlyMap<string, LexiconMatcher> | undefined;
/** The lexicons compiled into patterns at the first mention read (some 7 MB a Herald that answers none never holds). */
function matchers(): ReadonlyMap<string, LexiconMatcher> {
  compiled ??= new Map(LEXICONS.map((l) => [l.code, compileLexicon(l)]));
  return compiled;
}
const CODES: readonly string[] = LEXICONS.map((l) => l.code);
const SHORT_WORDS = 2;
const MIN_EVIDENCE = 2;
type Reading = ClauseSignals & { lexicon: string };
const PLACEHOLDER = /(?:^| )x(?:link|handle)(?= |$)/u;

/**
 * Does this mention ask whether something is official, real, legit, a scam, "really you"…?
 *
 * One matcher for every language, reading the language's lexicon (config/languages/<code>/):
 * a clause asks when it has an authenticity word (or a weak one such as "safe" with a link or
 * handle named), a question cue (question mark, particle, opener, ending) and no negative cue
 * (when/how/where, praise, "release notes") in any lexicon it is read with. A mention in a
 * language without a lexicon is answered when it names a link or handle and ends with a
 * question mark (the reply is a fixed template). That is what the rules propose; the model
 * (config/mention-model.{json,weights}) decides, reading their answer and signals with the mention's
 * words and characters. Precision first. Pure apart from reading the model once; never throws.
 */
export function classifyMention(text: string): Classification {
  const { asksOfficial, signals } = explainMention(text);
  return { asksOfficial, language: signals.language };
}

/** classifyMention with the signals that decided it. */
export function explainMention(text: string, model: MentionModel = mentionModel()): { asksOfficial: boolean; signals: MentionSignals } {
  try {
    return explain(text, model);
  } catch {
    const reading: ModelReading = { probability: 0, threshold: model.aloneThreshold, top: [] };
    const signals: MentionSignals = { language: 'en', read: [], unknownLanguage: false, subject: false, decidedBy: 'none', model: reading, clauses: [] };
    return { asksOfficial: false, signals };
  }
}

/**
 * The lexicon rules propose, the model decides: it was trained on the rules' answers and signals
 * together with the mention's words and characters, so it accepts what the rules found unless the
 * words say otherwise (probability below `threshold`), and finds questions phrased in words no
 * lexicon lists when it is sure (probability at least `aloneThreshold`).
 */
function explain(text: string, model: MentionModel): { asksOfficial: boolean; signals: MentionSignals } {
  const { clauses, rules } = readRules(text);
  const evidence = ruleEvidence(rules);
  const reading = readModel(model, mentionFeatures(clauses, evidence), evidence.rules);
  return { asksOfficial: reading.probability >= reading.threshold, signals: { ...rules, model: reading } };
}

/** The features the model reads for a mention (bin/train-mention-model.ts trains on exactly these). */
export function mentionModelFeatures(text: string): string[] {
  const { clauses, rules } = readRules(text);
  return mentionFeatures(clauses, ruleEvidence(rules));
}

/** What the rules found, as the model reads it: their answer and every kind of signal that fired. */
function ruleEvidence(rules: Omit<MentionSignals, 'model'>): RuleEvidence {
  const lists = ['authenticity', 'weakAuthenticity', 'self', 'offer', 'doubt', 'question', 'pointer', 'subject', 'negative'] as const;
  const kinds = new Set<string>();
  for (const clause of rules.clauses) {
    for (const list of lists) if (clause[list].length > 0) kinds.add(list);
    if (clause.final) kinds.add('final');
    if (clause.particle) kinds.add('particle');
    if (clause.marked) kinds.add('marked');
  }
  if (rules.subject) kinds.add('subjectLink');
  return { rules: rules.decidedBy !== 'none', kinds };
}

function readRules(text: string): { clauses: Clause[]; rules: Omit<MentionSignals, 'model'> } {
  const { clauses, plain, named } = mentionClauses(text);
  const detected = detectLanguage(plain, CODES);
  const all = clauses.map((clause) => CODES.map((code) => ({ lexicon: code, ...matchers().get(code)!.read(clause) })));
  const read = lexiconsToRead(plain, detected, all.flat());
  const subject = clauses.some((c) => PLACEHOLDER.test(c.text));
  const fired: MentionSignals['clauses'] = [];
  let decidedBy = 'none';
  for (const sentence of sentences(all)) {
    const readings = sentence.map((clause) => clause.filter((r) => read.includes(r.lexicon)));
    fired.push(...readings.flat().filter(anyFired));
    if (decidedBy !== 'none') continue;
    // A particle asks for the whole sentence ("подскажите, это легитимное зеркало"), so does a
    // tag ending it ("…ist Betrug, oder?"); an interjection alone asks nothing ("really?").
    const flat = readings.flat();
    const asked = new Set(flat.filter((r) => r.particle || (sentence.length > 1 && r.interjection && r.marked && r.ends)).map((r) => r.lexicon));
    if (sentence.length === 1 && !subject && flat.some((r) => r.interjection)) continue;
    // A negative cue in the clause or after it in the sentence ("is it safe, to delete the app…?",
    // "real or not, I love it"); one before it belongs to what was said first.
    // A clause asked only by the sentence's particle or tag shares the sentence's negative cues.
    const negativeFrom = (i: number) => readings.slice(i).flat().some((r) => r.negative.length > 0);
    const vetoed = (r: Reading, i: number) => (r.question.length > 0 ? negativeFrom(i) : negativeFrom(0));
    const eligible = (r: Reading, i: number) => (!r.interjection || sentence.length === 1) && !vetoed(r, i) && asks(r, subject, asked.has(r.lexicon));
    const asking = readings.flatMap((clause, i) => clause.filter((r) => eligible(r, i)))[0];
    if (asking !== undefined) decidedBy = `lexicon ${asking.lexicon}`;
  }
  // "Ends with a question mark": the last words before any trailing links and handles.
  const last = clauses.filter((c) => !/^(?:x(?:link|handle) ?)+$/u.test(c.text)).at(-1);
  if (decidedBy === 'none' && detected.unknown && named && last?.marked === true && !fired.some((r) => r.negative.length > 0)) {
    decidedBy = 'no-lexicon rule';
  }
  // The lexicon that recognised the question knows the language better than a guess on a few words.
  const decider = decidedBy.startsWith('lexicon ') ? decidedBy.slice('lexicon '.length) : undefined;
  const language = detected.unknown ? 'en' : decider !== undefined && decider !== 'en' ? decider : detected.language;
  return { clauses, rules: { language, read, unknownLanguage: detected.unknown, subject, decidedBy, clauses: fired } };
}

/**
 * The detected language, its close runners-up and English; every lexicon for a word or two
 * ("ufficiale?"); and any lexicon whose words fire more often than the detected language's
 * (a mention full of English loanwords: "non sono sicuro che questo giveaway sia vostro").
 */
function lexiconsToRead(plain: string, detected: DetectedLanguage, readings: readonly Reading[]): string[] {
  const short = plain.split(' ').filter((w) => /\p{L}/u.test(w)).length <= SHORT_WORDS;
  if (short) return [...CODES];
  const evidence = new Map<string, number>();
  for (const r of readings) evidence.set(r.lexicon, (evidence.get(r.lexicon) ?? 0) + wordsFired(r));
  const own = evidence.get(detected.language) ?? 0;
  const more = CODES.filter((c) => (evidence.get(c) ?? 0) >= MIN_EVIDENCE && (evidence.get(c) ?? 0) > own);
  return [...new Set([...detected.candidates, 'en', ...more])].filter((c) => matchers().has(c));
}

function wordsFired(r: ClauseSignals): number {
  return r.authenticity.length + r.weakAuthenticity.length + r.self.length + r.subject.length + r.pointer.filter((p) => p !== 'link or handle').length + (r.particle ? 1 : 0);
}

/** Clauses grouped into sentences (a sentence ends at `?`, `!`, `.` or a line break). */
function sentences(readings: readonly Reading[][]): Reading[][][] {
  const out: Reading[][][] = [[]];
  for (const clause of readings) {
    out.at(-1)!.push(clause);
    if (clause[0]?.ends === true) out.push([]);
  }
  return out.filter((s) => s.length > 0);
}

function asks(r: ClauseSignals, subject: boolean, askedInSentence: boolean): boolean {
  const pointed = subject || r.pointer.length > 0;
  const authentic =
    (r.authenticity.length > 0 && (r.final || pointed)) ||
    r.self.length > 0 ||
    r.offer.length > 0 ||
    (r.doubt.length > 0 && (subject || r.pointer.includes('quoted name'))) ||
    (r.weakAuthenticity.length > 0 && pointed);
  return authentic && (r.question.length > 0 || askedInSentence);
}

function anyFired(r: ClauseSignals): boolean {
  return [r.authenticity, r.weakAuthenticity, r.self, r.offer, r.doubt, r.question, r.negative].some((list) => list.length > 0);
}
