import { alt, anyWord, type LanguageRules, PLACEHOLDER, re, wholeClause } from './language-rules.ts';

/** Openers people put before the question ("hey", "quick question", a stray handle). */
const LEAD = alt(
  'hey', 'hi', 'hello', 'yo', 'ok', 'okay', 'so', 'but', 'and', 'also', 'wait', 'um+', 'h+m+', 'uh',
  'pls', 'plz', 'please', 'guys', 'sir', 'admin', 'team', 'bro', 'lol', 'sorry', 'sorry to bother',
  'quick question', 'question', 'honest question', 'serious question', 'real quick', 'just checking',
  'just asking', 'help', 'btw', 'ser', 'fam', 'folks', 'everyone', 'session', 'session team',
  'seriously', 'honestly', 'gm', 'excuse me', PLACEHOLDER,
);
const LEADS = `(?:${LEAD} )*`;
const BE = alt('is', 'are', 'r', 'was', 'were', 'isnt', 'arent');
/** Things a verdict can be about. */
const NOUN = alt(
  'account', 'acct', 'acc', 'accounts', 'page', 'site', 'website', 'channel', 'app', 'apk', 'link', 'domain',
  'handle', 'profile', 'one', 'team', 'support', 'airdrop', 'giveaway', 'email', 'mail', 'person', 'guy',
  'foundation', 'dm', 'message', 'server', 'group', 'wallet', 'session', 'deal', 'version', 'bot', 'mod',
  'admin', 'tweet', 'post', 'announcement', 'offer', 'promo', 'token', 'contract', 'listing', 'url',
  'chat', 'discord', 'telegram', 'community', PLACEHOLDER,
);
const POINTER = alt(
  `(?:this|that|these|those|the|your|ur)(?: \\S+){0,5}`, 'it', 'they', 'he', 'she', 'u', 'you', 'you guys',
  'u guys', 'yall', 'session', PLACEHOLDER,
);
const ADV = alt('really', 'actually', 'truly', 'legitimately', 'genuinely', 'officially', 'even', 'indeed', 'definitely', 'for real');
const AUTH_ADJ = alt('official', 'real', 'legit', 'legitimate', 'genuine', 'authentic', 'actual', 'true', 'verified', 'trusted');
const SCAM = alt('scam', 'scammer', 'scammers', 'fraud', 'phishing', 'fake', 'impersonator', 'imposter', 'impostor', 'bot', 'clone', 'copy');
/** Predicates that answer "is it authentic?". */
const VERDICT = alt(
  'official', 'legit', 'legitimate', 'real', 'genuine', 'authentic', 'fake', 'verified', 'trustworthy',
  'trusted', 'sus', 'suspicious', 'fraudulent', 'phishing', 'fake news', 'the real deal',
  `(?:a|an) (?:legit|real|fake|phishing|scam)(?: \\S+)? ${NOUN}`,
  `(?:a |an )?${SCAM}`,
  `(?:the|an?|your|ur) ${AUTH_ADJ}(?: \\S+){0,2} ${NOUN}`,
  `${AUTH_ADJ}(?: \\S+)? ${NOUN}`,
);
/** Noun-phrase verdicts, complete without a subject ("is your official support account?"). */
const VERDICT_NP = `(?:the|an?|your|ur) ${AUTH_ADJ}(?: \\S+){0,2} ${NOUN}`;
const TAIL_ITEM = alt(
  'or not', 'or nah', 'or no', 'or what', 'or nope', `(?:or|and) (?:a |an )?(?:\\S+ )?(?:${AUTH_ADJ}|${SCAM}|legit|trustworthy)(?: \\S+)?`,
  'right', 'too', 'tho', 'though', 'lol', 'lmao', 'pls', 'plz', 'please', 'bro', 'guys', 'now', 'btw',
  'actually', 'really', 'at all', 'fr', 'ngl', 'sir', 'team', 'admin', 'ser', 'fam', 'anon', 'mate', 'here',
  'rn', 'session', 'of session', 'from session', 'for real', 'for sure', 'i wonder', 'thanks', 'thx',
  `(?:messaging|dming|emailing|contacting|texting|calling|writing to) (?:me|us)`, `or am i(?: \\S+){0,6}`, `or is it(?: \\S+){0,3}`, PLACEHOLDER,
);
const TAIL = `(?: ${TAIL_ITEM})*`;
const IDENTITY = alt(
  'you', 'u', 'yours', 'one of yours', 'one of you', 'you guys', 'u guys', 'yall', 'session', 'the session team',
  `(?:from|by|with|affiliated with|associated with|run by|related to|connected to|owned by|part of|on|made by|sent by) (?:you|u|session|your team|the session team|the team|yall|you guys|the foundation|${PLACEHOLDER})`,
  `(?:your|sessions) (?:\\S+ )?${NOUN}`,
);

/** English: inversion ("is this…", "are you…", "did you…", "can I trust…") marks the question. */
export const englishRules: LanguageRules = {
  code: 'en',
  markers: anyWord(
    'is', 'this', 'the', 'are', 'you', 'real', 'official', 'account', 'can', 'trust', 'it', 'that', 'or', 'of', 'to', 'from', 'did', 'your', 'link', 'really', 'genuine', 'what', 'when', 'where', 'how',
    'i', 'my', 'thanks', 'please', 'and', 'for', 'with', 'anyone', 'know', 'if', 'whether', 'they', 'site',
  ),
  interjections: wholeClause('really', 'true', 'fr', 'for real', 'srsly', 'seriously', 'no way', 'is it', 'is that so', 'real talk', 'is it true', 'is that true'),
  wh: anyWord('when', 'where', 'what', 'whats', 'why', 'how', 'who', 'whom', 'whose', 'which'),
  asks: [
    // is this legit / are you the real one / is your official support account
    re(`^${LEADS}${BE} (?:${POINTER} (?:${ADV} )*${VERDICT}|(?:${ADV} )*${VERDICT_NP})${TAIL}$`),
    // is this you / is this really from Session / is this one of yours
    re(`^${LEADS}${BE} (?:this|that|it|these|those|they|he|she|${PLACEHOLDER}|(?:this|that|the) \\S+(?: \\S+)?)(?: ${ADV})* ${IDENTITY}${TAIL}$`),
    // is this impersonating you
    re(`^${LEADS}${BE} ${POINTER} (?:${ADV} )*(?:impersonating|pretending to be|posing as|faking|copying|cloning) (?:you|u|session|yall|${PLACEHOLDER})${TAIL}$`),
    // did you really post this / do you own this account
    re(`^${LEADS}(?:did|do|have|has) (?:you|u|yall|you guys|u guys|session|${PLACEHOLDER})(?: ${ADV})* (?:post|posted|send|sent|tweet|tweeted|write|wrote|make|made|publish|published|announce|announced|share|shared|create|created|launch|launched|run|own|message|dm|dmd|dmed|email|emailed|contact|contacted)(?: me| us)? (?:this|that|it|these|those|${PLACEHOLDER}|(?:this|that) \\S+)${TAIL}$`),
    // does this account belong to you
    re(`^${LEADS}(?:does|do|did) ${POINTER} (?:${ADV} )*(?:belong to|come from|originate from|represent|work for|work with) (?:you|u|session|yall|you guys|the foundation|${PLACEHOLDER})${TAIL}$`),
    // did you really launch a token presale
    re(`^${LEADS}(?:did|do|are|have) (?:you|u|yall|you guys|u guys|session|${PLACEHOLDER}) (?:really|actually|seriously|officially) (?:\\S+ ){1,2}(?:a |an |the |any )?(?:\\S+ ){0,2}(?:airdrop|giveaway|presale|pre sale|token sale|promo|promotion|contest|competition|reward|rewards|bonus|free tokens|tokens|wallet|dms|dm)${TAIL}$`),
    // can you confirm this is official
    re(`^${LEADS}(?:(?:can|could) (?:you|u) )?(?:please )?confirm(?: that| if| whether)? ${POINTER} (?:is|are) (?:${ADV} )*(?:${VERDICT}|${IDENTITY})${TAIL}$`),
    // can I trust this link / can this be trusted
    re(`^${LEADS}(?:can|could|should|may) (?:i|we|u|you|one|people) (?:${ADV} )*(?:trust|believe)(?: (?:${POINTER}|them|him|her))?${TAIL}$`),
    re(`^${LEADS}(?:can|could|should) ${POINTER} be (?:${ADV} )*(?:trusted|believed)${TAIL}$`),
    // anyone know if this is official / wondering whether this account is real
    re(`(?:^| )(?:if|whether) ${POINTER} (?:is|are|isnt|arent) (?:${ADV} )*(?:${VERDICT}|${IDENTITY})${TAIL}$`),
    // is this link safe
    re(`^${LEADS}${BE} (?:(?:this|that|the|these) (?:link|site|website|url|page|email|dm|message|account|apk|wallet|airdrop|offer|profile|domain)s?|${PLACEHOLDER}) (?:${ADV} )*(?:safe|safe to (?:click|open|use|visit|download|trust))${TAIL}$`),
    // this legit or nah / real or fake
    re(`^${LEADS}${POINTER} (?:(?:is|are) )?(?:${ADV} )*${VERDICT} (?:or (?:nah|not|no|nope|what|${AUTH_ADJ}|${SCAM}|a ${SCAM}))${TAIL}$`),
  ],
  asksWhenMarked: [
    // legit? / this account legit? / fake?
    re(`^${LEADS}(?:${POINTER} )?(?:(?:is|are|r) )?(?:${ADV} )*${VERDICT}${TAIL}$`),
    // this you? / that really you?
    re(`^${LEADS}(?:is |are )?(?:this|that|these|those|${PLACEHOLDER})(?: ${ADV})* ${IDENTITY}${TAIL}$`),
  ],
};
