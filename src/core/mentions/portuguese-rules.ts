import { alt, anyWord, type LanguageRules, PLACEHOLDER, re, wholeClause } from './language-rules.ts';

const LEAD = alt(
  'oi', 'ola', 'ei', 'e ai', 'galera', 'pessoal', 'gente', 'mas', 'entao', 'uma duvida', 'duvida', 'pergunta',
  'por favor', 'pfv', 'pf', 'amigos', 'equipe', 'time', 'session', PLACEHOLDER,
);
const LEADS = `(?:${LEAD} )*`;
const DEM = alt('esse', 'essa', 'isso', 'este', 'esta', 'isto', 'aquele', 'aquela', 'aquilo', 'esses', 'essas');
const NOUN = alt(
  'conta', 'perfil', 'pagina', 'site', 'link', 'canal', 'app', 'aplicativo', 'airdrop', 'sorteio', 'mensagem',
  'email', 'e mail', 'dm', 'dominio', 'usuario', 'grupo', 'token', 'carteira', 'suporte', 'tweet', 'post',
  'publicacao', 'oferta', 'promocao', 'anuncio', 'equipe', 'bot', 'arroba', PLACEHOLDER,
);
const POINTER = alt(`${DEM}(?: ${NOUN})?(?: aqui| ai)?`, 'voces', 'vcs', 'vc', 'voce', 'ele', 'ela', 'eles', 'elas', 'session', PLACEHOLDER);
const VERB = alt('e', 'eh', 'sao', 'seria', 'era', 'esta', 'foi');
const ADV = alt('mesmo', 'de verdade', 'realmente', 'de fato', 'oficialmente');
const SCAM = alt('golpe', 'fraude', 'farsa', 'scam', 'phishing', 'impostor', 'bot', 'copia', 'fake', 'armadilha');
const VERDICT = alt(
  'oficial', 'oficiais', 'real', 'reais', 'legit', 'legitim[oa]s?', 'verdadeir[oa]s?', 'autentic[oa]s?',
  'original', 'verdade', 'fals[oa]s?', 'fake', 'falsificad[oa]s?', 'verificad[oa]s?', 'confiavel', 'confiaveis', 'segur[oa]',
  `(?:um |uma )?${SCAM}`, `(?:um|uma) ${NOUN} fals[oa]`,
  `(?:o|a|um|uma|seu|sua) ${NOUN} (?:oficial|real|verdadeir[oa]|autentic[oa]|legitim[oa]|original)`,
  'de voces', 'de vcs', 'voces', 'vcs', 'voce', 'vc', 'do session', 'da session',
);
const TAIL_ITEM = alt(
  `ou (?:nao|e (?:\\S+ )?\\S+|\\S+(?: \\S+)?)`, `${DEM}(?: ${NOUN})?(?: aqui| ai)?`, 'ne', 'mesmo', 'mesmos',
  'de verdade', 'realmente', 'k+', 'rs+', 'pessoal', 'galera', 'por favor', 'session', 'do session', 'hein',
  'aqui', `(?:no|na|do|da|em) \\S+`, PLACEHOLDER,
);
const TAIL = `(?: ${TAIL_ITEM})*`;

/** Portuguese: like Spanish, "é oficial" is also a statement, so most rules need a question mark. */
export const portugueseRules: LanguageRules = {
  code: 'pt',
  markers: anyWord(
    'isso', 'essa', 'esse', 'conta', 'golpe', 'voces', 'vcs', 'vc', 'nao', 'posso', 'nesse', 'nessa', 'perfil',
    'um', 'uma', 'do', 'da', 'dos', 'das', 'k{3,}', 'ne', 'mesmo', 'alguem', 'oficial', 'valeu', 'obrigado',
    'pra', 'tambem', 'qual', 'em', 'caiu', 'sai', 'versao', 'pela', 'pelo', 'recebi', 'minha', 'meu', 'cuidado',
    'ja', 'num', 'que', 'e', 'o', 'sao', 'papo', 'reto', 'amo', 'lugar', 'todo', 'aqui', 'mandaram', 'oi', 'tem',
    'muito', 'muita', 'ai', 'voce', 'amei', 'seguro', 'nos', 'ele', 'ela', 'isto', 'sim', 'agora', 'mais',
  ),
  letters: /[ãõ]/gu,
  interjections: wholeClause('verdade', 'e verdade', 'real', 'e real', 'serio', 'ne', 'e mesmo', 'mesmo'),
  wh: anyWord('quando', 'onde', 'qual', 'quais', 'como', 'por que', 'porque', 'quem', 'quanto', 'quanta', 'cade'),
  asks: [
    // alguém sabe se esse app é oficial
    re(`(?:^| )se ${POINTER} ${VERB} (?:${ADV} )?${VERDICT}${TAIL}$`),
    // podem confirmar que essa conta é oficial
    re(`(?:^| )confirm(?:ar|am|em|a|e)(?: que| se)? (?:${POINTER} )?${VERB} (?:${ADV} )?${VERDICT}${TAIL}$`),
  ],
  asksWhenMarked: [
    // essa conta é oficial? / é real esse airdrop? / são vocês mesmo?
    re(`^${LEADS}(?:${ADV} )?(?:${POINTER} )?(?:${VERB} )?(?:${ADV} )?(?:${POINTER} )?${VERDICT}${TAIL}$`),
    // posso confiar nesse link?
    re(`^${LEADS}(?:posso|podemos|da pra|da para|devo|pode) (?:confiar|acreditar)(?: (?:em|no|na|nesse|nessa|neste|nesta|nisso|nisto|nele|nela|neles|nelas|nos|em voces|em vcs)(?: ${NOUN})?)?${TAIL}$`),
    // vcs que mandaram esse email?
    re(`^${LEADS}(?:foram )?(?:voces|vcs|vc|voce|session) (?:mesmo )?(?:que|quem) (?:mandaram|mandou|enviaram|enviou|postaram|postou|publicaram|publicou|fizeram|fez|criaram|criou)(?: (?:${DEM}(?: ${NOUN})?|isso|${PLACEHOLDER}))?${TAIL}$`),
  ],
};
