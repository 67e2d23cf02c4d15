import { alt, anyWord, type LanguageRules, PLACEHOLDER, re, wholeClause } from './language-rules.ts';

const LEAD = alt(
  'hola', 'oye', 'buenas', 'buenos dias', 'una pregunta', 'pregunta', 'una duda', 'duda', 'amigos', 'equipo',
  'y', 'pero', 'entonces', 'disculpen', 'perdon', 'porfa', 'por favor', 'gente', 'chicos', 'ey', 'che',
  'session', PLACEHOLDER,
);
const LEADS = `(?:${LEAD} )*`;
const DEM = alt('este', 'esta', 'esto', 'ese', 'esa', 'eso', 'estos', 'estas', 'esos', 'esas', 'aquel', 'aquella', 'aquello');
const NOUN = alt(
  'cuenta', 'perfil', 'pagina', 'web', 'sitio', 'sitio web', 'enlace', 'link', 'canal', 'app', 'aplicacion',
  'airdrop', 'sorteo', 'mensaje', 'correo', 'email', 'mail', 'dm', 'dominio', 'usuario', 'grupo', 'token',
  'wallet', 'billetera', 'soporte', 'tweet', 'tuit', 'publicacion', 'post', 'oferta', 'promocion', 'anuncio',
  'equipo', 'bot', PLACEHOLDER,
);
const POINTER = alt(`${DEM}(?: ${NOUN})?`, 'ustedes', 'uds', 'usted', 'tu', 'vos', 'ellos', 'el', 'ella', 'session', PLACEHOLDER);
const VERB = alt('es', 'son', 'sera', 'eres', 'sois', 'era', 'esta');
const ADV = alt('de verdad', 'realmente', 'en serio', 'acaso', 'verdaderamente', 'oficialmente');
const SCAM = alt('estafa', 'fraude', 'timo', 'scam', 'impostor', 'impostora', 'suplantacion', 'phishing', 'farsa', 'trampa', 'bot', 'copia', 'fake');
const VERDICT = alt(
  'oficial', 'oficiales', 'real', 'reales', 'legit', 'legitim[oa]s?', 'verdader[oa]s?', 'autentic[oa]s?',
  'original', 'verdad', 'fals[oa]s?', 'fake', 'falsificad[oa]s?', 'verificad[oa]s?', 'confiable', 'fiable', 'de fiar',
  'segur[oa]', `(?:una? )?${SCAM}`, `una? ${NOUN} fals[oa]`,
  `(?:la|el|una?|su|tu) ${NOUN} (?:oficial|real|verdader[oa]|autentic[oa]|legitim[oa]|original)`,
  'de ustedes', 'de uds', 'ustedes', 'uds', 'usted', 'tu', 'ustedes mismos', 'de session', 'suy[oa]', 'tuy[oa]',
  'vuestr[oa]', `(?:su|tu|vuestr[oa]) (?:${NOUN})(?: oficial)?`,
);
const TAIL_ITEM = alt(
  `o (?:no|que|es (?:\\S+ )?\\S+|\\S+(?: \\S+)?)`, `${DEM}(?: ${NOUN})?`, 'de session', 'de verdad',
  'realmente', 'en serio', 'gracias', 'porfa', 'por favor', 'ja+', '(?:ja)+', 'amigos', 'equipo', 'session',
  'verdad', 'cierto', 'mismo', 'mismos', PLACEHOLDER,
);
const TAIL = `(?: ${TAIL_ITEM})*`;

/** Spanish: "¿es oficial…?" is also a statement without its question marks, so most rules need one. */
export const spanishRules: LanguageRules = {
  code: 'es',
  markers: anyWord(
    'es', 'esta', 'este', 'esto', 'eso', 'esa', 'ese', 'cuenta', 'oficial', 'estafa', 'ustedes', 'el', 'los',
    'las', 'que', 'puedo', 'confiar', 'verdad', 'son', 'una', 'y', 'para', 'pagina', 'sitio', 'enlace', 'cuando',
    'donde', 'hay', 'gracias', 'ya', 'por', 'con', 'al', 'del', 'muy', 'pero', 'como', 'hola', 'alguien',
    'falso', 'falsa', 'cual', 'sabe', 'dicen', 'piden', 'estan', 'van', 'ojo', 'todos', 'jaja', 'la', 'de', 'lo',
    'se', 'encanta', 'su', 'suya', 'sale', 'necesita', 'cuidado', 'pueden',
  ),
  letters: /[ñ¿¡]/gu,
  interjections: wholeClause('verdad', 'de verdad', 'real', 'en serio', 'neta', 'es verdad', 'es real', 'no', 'si'),
  wh: anyWord('cuando', 'donde', 'cual', 'cuales', 'como', 'por que', 'quien', 'quienes', 'cuanto', 'cuanta', 'adonde'),
  asks: [
    // alguien sabe si esta página es oficial
    re(`(?:^| )si ${POINTER} ${VERB} (?:${ADV} )?${VERDICT}${TAIL}$`),
    // pueden confirmar que esta cuenta es oficial
    re(`(?:^| )confirm(?:ar|an|en|a|as|e)(?: que| si)? (?:${POINTER} )?${VERB} (?:${ADV} )?${VERDICT}${TAIL}$`),
  ],
  asksWhenMarked: [
    // ¿esta cuenta es oficial? / ¿es real este airdrop? / ¿son ustedes?
    re(`^${LEADS}(?:${ADV} )?(?:${POINTER} )?(?:${VERB} )?(?:${ADV} )?(?:${POINTER} )?${VERDICT}${TAIL}$`),
    // ¿ustedes están regalando tokens de verdad?
    re(`^${LEADS}(?:ustedes|uds|session)(?: ${ADV})? (?:estan |van a )?(?:regalando|regalan|regalar|dando|dan|dar|sorteando|sortean|haciendo|hacen|hacer|enviando|envian|pidiendo|piden) (?:\\S+ ){0,2}(?:tokens?|airdrops?|sorteos?|regalos?|premios?|criptos?|monedas|dm|mensajes)(?: ${ADV})?${TAIL}$`),
    // ¿puedo confiar en este enlace?
    re(`^${LEADS}(?:puedo|podemos|se puede|debo|deberia|puede uno) (?:confiar|fiarme|fiar|creer)(?: (?:en|de))?(?: (?:${POINTER}|ellos|esto|eso))?${TAIL}$`),
  ],
};
