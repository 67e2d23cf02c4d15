import { alt, anyWord, type LanguageRules, PLACEHOLDER, re, wholeClause } from './language-rules.ts';

const LEAD = alt(
  'ciao', 'salve', 'ehi', 'hey', 'domanda', 'una domanda', 'ragazzi', 'ma', 'quindi', 'e', 'scusate', 'scusa',
  'per favore', 'buongiorno', 'buonasera', 'allora', 'session', PLACEHOLDER,
);
const LEADS = `(?:${LEAD} )*`;
const DEM = alt('questo', 'questa', 'quello', 'quella', 'questi', 'queste', 'cio');
const NOUN = alt(
  'account', 'profilo', 'pagina', 'sito', 'link', 'canale', 'app', 'applicazione', 'airdrop', 'concorso',
  'messaggio', 'mail', 'email', 'dm', 'dominio', 'utente', 'gruppo', 'token', 'wallet', 'portafoglio',
  'supporto', 'tweet', 'post', 'offerta', 'promo', 'annuncio', 'team', 'bot', PLACEHOLDER,
);
const POINTER = alt(`${DEM}(?: ${NOUN})?`, 'voi', 'lui', 'lei', 'loro', 'session', PLACEHOLDER);
const VERB = alt('e', 'sono', 'sei', 'siete', 'sarebbe', 'era');
const ADV = alt('davvero', 'veramente', 'proprio', 'realmente', 'per davvero', 'ufficialmente');
const SCAM = alt('truffa', 'frode', 'scam', 'phishing', 'impostore', 'bot', 'copia', 'fake', 'fregatura', 'bufala');
const VERDICT = alt(
  'ufficiale', 'ufficiali', 'vero', 'vera', 'veri', 'reale', 'legit', 'legittim[oa]', 'autentic[oa]',
  'original[ei]', 'fals[oa]', 'fake', 'verificat[oa]', 'affidabile', 'sicur[oa]',
  `(?:un |una )?${SCAM}`, `(?:un|una) ${NOUN} fals[oa]`,
  `(?:il|la|lo|un|una) ${NOUN} (?:ufficiale|vero|vera|autentic[oa]|legittim[oa]|originale)`,
  `(?:il|la) (?:vostro|vostra|tuo|tua) ${NOUN}`, 'voi', 'di voi', 'vostro', 'vostra', 'di session',
);
const TAIL_ITEM = alt(
  `o (?:no|e (?:\\S+ )?\\S+|\\S+(?: \\S+)?)`, `oppure \\S+(?: \\S+)?`, `${DEM}(?: ${NOUN})?`, 'di session',
  'davvero', 'grazie', 'ragazzi', 'session', `su \\S+`, 'qui', PLACEHOLDER,
);
const TAIL = `(?: ${TAIL_ITEM})*`;

/** Italian: "è ufficiale" is also a statement, so most rules need a question mark. */
export const italianRules: LanguageRules = {
  code: 'it',
  markers: anyWord(
    'questo', 'questa', 'sono', 'siete', 'voi', 'ufficiale', 'ufficiali', 'truffa', 'vero', 'falso', 'posso',
    'fidarmi', 'il', 'di', 'che', 'non', 'profilo', 'sito', 'qualcuno', 'sa', 'per', 'affidabile', 'ciao',
    'grazie', 'gli', 'della', 'del', 'dove', 'davvero', 'anche', 'senza', 'numero', 'stato', 'vostro', 'lho',
    'ovunque', 'giu', 'lapp', 'note', 'lancio', 'uscira', 'attenzione', 'complimenti', 'tutto', 'un', 'una', 'in', 'la', 'le',
    'troppi', 'troppo', 'falsi', 'giro', 'state', 'attenti', 'esce', 'sicuro', 'vostra', 'questi', 'mi', 'ho',
  ),
  letters: /[ìò]|(?:^| )è(?= |$)|\S[ùà](?= |$)/gu,
  interjections: wholeClause('vero', 'davvero', 'sul serio', 'e vero', 'sicuro', 'veramente'),
  wh: anyWord('quando', 'dove', 'quale', 'quali', 'come', 'perche', 'chi', 'quanto', 'quanta'),
  asks: [
    // qualcuno sa se questo sito è ufficiale
    re(`(?:^| )se ${POINTER} ${VERB} (?:${ADV} )*${VERDICT}${TAIL}$`),
  ],
  asksWhenMarked: [
    // questo account è ufficiale? / è una truffa? / siete voi?
    re(`^${LEADS}(?:${POINTER} )?(?:${VERB} )?(?:${ADV} )*(?:${POINTER} )?${VERDICT}${TAIL}$`),
    // posso fidarmi di questo link?
    re(`^${LEADS}(?:posso|possiamo|si puo|devo|dovrei) (?:fidarmi|fidarci|fidarsi|credere|fidare)(?: (?:di|del|della|dello|a|in) (?:${POINTER}|loro|lui|lei))?${TAIL}$`),
  ],
};
