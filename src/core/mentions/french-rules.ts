import { alt, anyWord, type LanguageRules, PLACEHOLDER, re, wholeClause } from './language-rules.ts';

const LEAD = alt(
  'bonjour', 'salut', 'coucou', 'hello', 'bonsoir', 'question', 'petite question', 'une question', 'dites',
  'dites moi', 'alors', 'mais', 'et', 'svp', 'sil vous plait', 'excusez moi', 'hey', 'euh', 'du coup', 'au fait',
  'session', PLACEHOLDER,
);
const LEADS = `(?:${LEAD} )*`;
const DEM = alt('ce', 'cet', 'cette', 'ces', 'ceci', 'cela', 'ca');
const NOUN = alt(
  'compte', 'profil', 'page', 'site', 'site web', 'lien', 'chaine', 'canal', 'appli', 'application', 'app',
  'airdrop', 'concours', 'message', 'mail', 'email', 'e mail', 'dm', 'domaine', 'groupe', 'token', 'jeton',
  'portefeuille', 'wallet', 'support', 'tweet', 'post', 'publication', 'offre', 'promo', 'annonce', 'equipe',
  'bot', 'truc', 'machin', 'mec', 'gars', 'type', 'personne', 'video', PLACEHOLDER,
);
const POINTER = alt(`${DEM}(?: ${NOUN})?`, 'vous', 'il', 'elle', 'ils', 'elles', 'session', PLACEHOLDER);
const VERB = alt('est', 'sont', 'cest', 'serait', 'etes', 'es', 'cetait');
const ADV = alt('bien', 'vraiment', 'reellement', 'veritablement', 'officiellement');
const SCAM = alt('arnaque', 'escroquerie', 'fraude', 'scam', 'phishing', 'imposteur', 'usurpation', 'bot', 'copie', 'piege', 'fake');
const VERDICT = alt(
  'officiel(?:le)?s?', 'vrai(?:e)?s?', 'reel(?:le)?s?', 'legit', 'legitimes?', 'authentiques?', 'veritables?',
  'faux', 'fausses?', 'fake', 'verifie(?:e)?s?', 'fiables?', 'sur', 'sure',
  `(?:un |une )?${SCAM}`, `(?:un|une) (?:faux|fausse)(?: \\S+)?`,
  `(?:le|la|un|une|votre) ${NOUN} (?:officiel(?:le)?|vrai(?:e)?|authentique|legitime)`,
  `(?:le|la|un|une) (?:vrai|vraie|faux|fausse) ${NOUN}`, `votre ${NOUN}`,
  'vous', 'de vous', `vous qui(?: \\S+){1,5}`, 'de session', 'chez vous', 'a vous', 'le votre', 'la votre', 'a session',
);
const TAIL_ITEM = alt(
  `ou (?:pas|non|quoi|\\S+(?: \\S+)?)`, `${DEM}(?: ${NOUN})?`, 'de session', 'svp', 'merci', 'vraiment', 'la',
  'ici', 'hein', 'session', 'du coup', 'alors', `sur \\S+`, PLACEHOLDER,
);
const TAIL = `(?: ${TAIL_ITEM})*`;
const INVERTED = alt('est ce', 'est il', 'est elle', 'sont ils', 'sont elles', 'etes vous');

/** French: inversion ("est-ce", "ce site est-il") is a question by itself; "c'est officiel" needs a "?". */
export const frenchRules: LanguageRules = {
  code: 'fr',
  markers: anyWord(
    'est', 'ce', 'cest', 'les', 'une', 'vous', 'compte', 'officiel', 'officielle', 'arnaque', 'vrai', 'faux', 'je',
    'pas', 'des', 'du', 'quelquun', 'ou', 'qui', 'cette', 'cet', 'merci', 'pour', 'avec', 'sur', 'mais', 'et',
    'nest', 'lien', 'appli', 'bonjour', 'peux', 'faire', 'confiance', 'sait', 'si', 'quand', 'bien', 'vient',
    'officielles', 'partout', 'mdr', 'jai', 'lai', 'toute', 'lequipe', 'prevoyez', 'combien', 'temps', 'la', 'le',
    'doc', 'cest', 'ici', 'trop', 'comptes', 'sort', 'votre', 'vos', 'nous', 'au', 'aux',
  ),
  letters: /[îûëœ]|\Sè|è\S|(?:^| )(?:où|à)(?= |$)/gu,
  interjections: wholeClause('vrai', 'vraiment', 'cest vrai', 'serieux', 'cest serieux', 'sur'),
  wh: anyWord('quand', 'pourquoi', 'comment', 'combien', 'quel', 'quelle', 'quels', 'quelles', 'lequel', 'laquelle', 'qui est'),
  asks: [
    // est-ce que ce compte est officiel
    re(`^${LEADS}est ce (?:que|quil|quelle) ${POINTER} ${VERB} (?:${ADV} )*${VERDICT}${TAIL}$`),
    // est-ce une escroquerie / est-ce le compte officiel de Session
    re(`^${LEADS}${INVERTED} (?:${ADV} )*${VERDICT}${TAIL}$`),
    // ce site est-il légitime
    re(`^${LEADS}${POINTER} (?:est il|est elle|sont ils|sont elles) (?:${ADV} )*${VERDICT}${TAIL}$`),
    // quelqu'un sait si cette appli est officielle
    re(`(?:^| )si ${POINTER} ${VERB} (?:${ADV} )*${VERDICT}${TAIL}$`),
    // vous confirmez que c'est une arnaque / pouvez-vous confirmer que ce compte est officiel
    re(`(?:^| )confirm(?:ez|er|e|es)(?: vous)? (?:que|quil|quelle|si) (?:${POINTER} )?${VERB} (?:${ADV} )*${VERDICT}${TAIL}$`),
  ],
  asksWhenMarked: [
    // c'est officiel ce compte ? / c'est une arnaque ? / vrai ou faux ?
    re(`^${LEADS}(?:${POINTER} )?(?:${VERB} )?(?:${ADV} )*(?:${POINTER} )?${VERDICT}${TAIL}$`),
    // je peux faire confiance à ce lien ?
    re(`^${LEADS}(?:je peux|on peut|peut on|puis je|dois je|je dois|peux tu|je peux vraiment) (?:vous |leur |lui )?(?:faire confiance|me fier|se fier|croire)(?: (?:a|au|aux|en) (?:${POINTER}|eux|lui|elle))?${TAIL}$`),
    // ce message vient bien de vous ?
    re(`^${LEADS}${POINTER} (?:vient|viennent|provient) (?:${ADV} )*(?:de vous|de session|de lequipe|de chez vous|de votre part)${TAIL}$`),
  ],
};
