import { alt, anyWord, type LanguageRules, PLACEHOLDER, re, wholeClause } from './language-rules.ts';

const LEAD = alt(
  'hallo', 'hi', 'hey', 'moin', 'servus', 'frage', 'kurze frage', 'eine frage', 'also', 'aber', 'und', 'leute',
  'bitte', 'sorry', 'ok', 'na', 'sagt mal', 'mal ehrlich', 'ehrliche frage', 'session', PLACEHOLDER,
);
const LEADS = `(?:${LEAD} )*`;
const NOUN = alt(
  'account', 'konto', 'profil', 'seite', 'webseite', 'website', 'link', 'kanal', 'app', 'airdrop', 'gewinnspiel',
  'nachricht', 'mail', 'email', 'e mail', 'dm', 'domain', 'nutzer', 'gruppe', 'token', 'wallet', 'support',
  'tweet', 'post', 'beitrag', 'angebot', 'aktion', 'ankundigung', 'team', 'bot', 'handle', 'typ', 'person',
  PLACEHOLDER,
);
const POINTER = alt(
  'das', 'dies', 'es', `(?:dieser|diese|dieses|diesen|der|die|das|den)(?: \\S+){0,2} ${NOUN}`,
  '(?:dieser|diese|dieses)(?: \\S+)?', 'ihr', 'sie', 'du', 'session', PLACEHOLDER,
);
const ADV = alt('wirklich', 'echt', 'tatsachlich', 'auch', 'denn', 'uberhaupt', 'eigentlich', 'jetzt', 'so', 'mal', 'offiziell', 'hier', 'da');
const VERDICT = alt(
  'echt', 'offiziell', 'serios', 'legit', 'legitim', 'authentisch', 'original', 'verifiziert', 'vertrauenswurdig',
  'fake', 'gefalscht', 'falsch', 'betrug', 'scam', 'phishing', 'abzocke', 'falschung', 'betruger',
  `ein (?:betrug|fake|scam|bot|schwindel|betruger|fake \\S+)`, `eine (?:falschung|abzocke|betrugsmasche|kopie|fake \\S+|phishing \\S+)`,
  `(?:der|die|das|ein|eine) (?:offizielle|echte|richtige)[rsn]? (?:\\S+ )?${NOUN}`,
  `(?:euer|eure|euren|dein|deine|ihr|ihre) (?:\\S+ )?${NOUN}`, 'von euch', 'von session',
);
const TAIL_ITEM = alt(
  `oder (?:nicht|was|\\S+(?: \\S+)?)`, 'von session', 'von euch', 'wirklich', 'echt', 'bitte', 'danke', 'leute',
  'jetzt', 'session', 'hier', 'da', 'ja', 'lol', `(?:auf|bei|im) \\S+`, PLACEHOLDER,
);
const TAIL = `(?: ${TAIL_ITEM})*`;

/** German: verb-first order ("ist das echt", "kann ich … vertrauen") marks the question. */
export const germanRules: LanguageRules = {
  code: 'de',
  markers: anyWord(
    'ist', 'das', 'der', 'die', 'und', 'nicht', 'echt', 'offiziell', 'dieser', 'diese', 'dieses', 'diesem', 'seid',
    'ihr', 'kann', 'ich', 'ein', 'eine', 'wirklich', 'betrug', 'ob', 'von', 'mit', 'wann', 'wo', 'fur', 'auf',
    'danke', 'euer', 'sind', 'es', 'gibt', 'bitte', 'hab', 'ihn', 'uberall', 'offizielle', 'offiziellen', 'oder',
    'jemand', 'weiss', 'schon', 'im', 'wollen', 'meine', 'schreiben', 'mir', 'per', 'einem', 'wurde', 'passt', 'zu',
    'euch', 'gehort', 'hier', 'kommt', 'nerven', 'jetzt', 'auch', 'noch', 'wir', 'du', 'dein', 'eure', 'wieder',
  ),
  letters: /[ßä]/gu,
  interjections: wholeClause('echt', 'wirklich', 'ernsthaft', 'im ernst', 'echt jetzt', 'ist das echt wahr'),
  wh: anyWord('wann', 'wo', 'wie', 'warum', 'wieso', 'weshalb', 'was', 'welche', 'welcher', 'welches', 'wer', 'woher', 'wohin'),
  asks: [
    // ist das echt / ist dieser Account offiziell / ist das wirklich euer Account
    re(`^${LEADS}(?:ist|sind|seid|bist|war|waren) ${POINTER}(?: ${ADV})* ${VERDICT}${TAIL}$`),
    // seid ihr das wirklich
    re(`^${LEADS}(?:seid ihr|sind sie|bist du) (?:das|es)(?: ${ADV})*${TAIL}$`),
    // gehört dieser Account zu euch
    re(`^${LEADS}(?:gehort|gehoren|kommt|kommen|stammt|stammen) ${POINTER}(?: ${ADV})* (?:zu euch|euch|zu ihnen|ihnen|zu dir|dir|zu session|von euch|von ihnen|von session)${TAIL}$`),
    // kann ich diesem Link vertrauen
    re(`^${LEADS}(?:kann|konnen|darf|durfen|sollte|soll) (?:ich|man|wir) (?:(?:diesem|dieser|dem|der|den|euch|ihnen|ihm|ihr|das|dies)(?: \\S+)? )?(?:${ADV} )*(?:vertrauen|trauen|glauben)${TAIL}$`),
    // weiß jemand, ob dieses Profil echt ist
    re(`(?:^| )ob ${POINTER}(?: ${ADV})* ${VERDICT} (?:ist|sind)${TAIL}$`),
  ],
  asksWhenMarked: [
    // Fake oder echt? / offiziell? / das echt?
    re(`^${LEADS}(?:${POINTER} )?(?:(?:ist|sind) )?(?:${ADV} )*${VERDICT}${TAIL}$`),
  ],
};
