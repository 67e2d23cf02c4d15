/**
 * Phrases that ask about the answering account itself ("are you the real …", "is this account
 * really yours", "is this really you"), per language, matched on the mention's text without
 * handles and links, lower-case, accents removed. Only such a question, with nothing else
 * referenced, gets the self-answer "yes, this account is official"; anything else without a
 * subject gets "I can't verify that". Precision first: a miss costs a less specific answer, a
 * false match would vouch for something unseen.
 */
const SELF_QUESTIONS: readonly RegExp[] = [
  // en
  /\b(?:are|r) (?:you|u|y'?all)(?: guys| really| actually| truly)* (?:the )?(?:real|legit|official|genuine|authentic|fake|for real)\b/u,
  /\b(?:is|s) (?:this|that|it) (?:really |actually |truly |even )?(?:you|u|your account|the real (?:session|account)|the official (?:session |foundation )?account)\b/u,
  /\b(?:this|that|your) account (?:is )?(?:really |actually )?(?:real|legit|official|genuine|authentic|fake|yours|really yours|you)\b/u,
  /\bis (?:this|that) (?:account|profile|page) (?:really |actually )?(?:real|legit|official|genuine|authentic|fake|yours|you)\b/u,
  /\b(?:really|actually|truly) (?:you|u)\b\s*$/u,
  // es / pt
  /\b(?:eres|sois|son ustedes|es usted|sos) (?:tu |vos |ustedes |vosotros )?(?:de verdad |realmente )?(?:real|reales|oficial|oficiales|verdader[oa]s?|legit|legitim[oa]s?|falso|falsa)\b/u,
  /\b(?:esta|esa|essa|esta) (?:cuenta|conta|perfil) (?:es |e |eh )?(?:de verdad |realmente |mesmo )?(?:real|oficial|verdadeira|verdadera|falsa|legit|legitima|de ustedes|de voces|sua|suya|tuya)\b/u,
  /\b(?:voce|vc|voces|vcs) (?:e|eh|sao) (?:mesmo |realmente |de verdade )?(?:o |a |os |as )?(?:real|reais|oficial|oficiais|verdadeir[oa]s?|legit|fake|falso|falsa)\b/u,
  /\b(?:sois vosotros|son ustedes|sao voces|e voce mesmo|eres tu)\b/u,
  // fr
  /\b(?:vous etes|tu es|etes-vous|etes vous|es-tu|es tu) (?:vraiment |bien |reellement )?(?:le |la |les )?(?:vrai|vraie|vrais|officiel|officielle|authentique|faux|fausse)\b/u,
  /\b(?:c'?est|c est) (?:vraiment |bien )?(?:vous|toi)\b/u,
  /\bce compte (?:est )?(?:vraiment |bien )?(?:officiel|vrai|faux|authentique|le votre|a vous)\b/u,
  // de
  /\b(?:seid ihr|bist du|sind sie)(?: es| das)?(?: wirklich| echt| tatsachlich)* (?:der |die |das )?(?:echt\w*|offiziell\w*|fake|real)\b/u,
  /\b(?:seid ihr|bist du|sind sie) (?:es|das)(?: wirklich| echt| tatsachlich)*$/u,
  /\b(?:dieser (?:account|acc|kanal)|dieses (?:konto|profil))\b.*\b(?:echt|offiziell|fake|euer|eurer|ihrer)\b/u,
  // it
  /\b(?:siete voi|sei tu|e lei|siete davvero|sei davvero|siete (?:il|l'|la) (?:vero|vera|ufficiale))\b/u,
  /\bquesto (?:account|profilo) (?:e )?(?:davvero |veramente )?(?:ufficiale|vero|falso|reale|vostro|autentico)\b/u,
  // ru
  /(?:^|\s)(?:это (?:действительно |правда |реально |точно )?вы|вы (?:действительно |правда |реально )?настоящ|это ваш (?:аккаунт|акк|профиль)|этот (?:аккаунт|акк|профиль) (?:настоящ|официальн|ваш|фейк))/u,
  // tr
  /\b(?:siz misiniz|sen misin|gercekten siz|gercekten sen|bu hesap (?:gercek|resmi|sahte|sizin))/u,
  // zh
  /(?:你们|你|您|你們)(?:真的)?是(?:真的|官方|本人|真正的)|(?:这个|這個)(?:账号|帳號|号|號)(?:是)?(?:真的|官方|假的)|真的是(?:你们|你們|你|您)|是(?:你们|你們|您|你)本人/u,
  // ja
  /(?:このアカウント|この垢|こちら)(?:は)?(?:本物|公式|本当)|本人(?:ですか|アカウント|垢)|本物の(?:アカウント|公式)|(?:あなた|運営)(?:は|が)?本物/u,
];

/**
 * Words that put something else on the table — an offer, a link, a message, a wallet — so the
 * question is not plainly about the account, even when it says "you": "are you official? this
 * airdrop…" gets "I can't verify that", never a "yes" a scammer could screenshot.
 */
const OTHER_TOPIC =
  /airdrop|giveaway|give away|token|claim|reward|bonus|wallet|seed|recovery|password|\bdms?\b|message|e-?mail|\blink|\bsite\b|website|\bpost\b|tweet|\bapp\b|download|offer|promo|discount|presale|\bmint|\bnft|\bcoin|crypto|\bsesh\b|support|telegram|discord|whatsapp|sorteo|sorteio|concours|gewinnspiel|regalo|omaggio|розыгрыш|раздач|токен|ссылк|сайт|кошел|cekilis|hediye|cuzdan|空投|抽奖|抽獎|代币|代幣|链接|連結|网站|網站|钱包|錢包|私信|エアドロ|プレゼント|配布|トークン|リンク|サイト|ウォレット/u;

const LINK_LIKE = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.)|[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}|@[\p{L}\p{N}-]+\./iu;

/**
 * Does the mention plainly ask whether the answering account itself is the real one — and about
 * nothing else?
 */
export function asksAboutSelf(text: string): boolean {
  // A link or domain written in the text, linked by the platform or not, is something else.
  const withoutHandles = String(text ?? '').replace(/[@＠][\p{L}\p{N}_.-]+(?:@[\p{L}\p{N}_.:-]+)?/gu, ' ');
  if (LINK_LIKE.test(withoutHandles)) return false;
  const plain = normalise(text);
  return SELF_QUESTIONS.some((p) => p.test(plain)) && !OTHER_TOPIC.test(plain);
}

function normalise(text: string): string {
  return String(text ?? '')
    .replace(/(?:https?:\/\/|www\.)\S+/giu, ' ')
    .replace(/[@＠][\p{L}\p{N}_.@-]+/gu, ' ')
    .toLowerCase()
    .normalize('NFD')
    .replace(/([a-z])[\u0300-\u036f]+/gu, '$1')
    .normalize('NFC')
    .replace(/ı/gu, 'i')
    .replace(/[’‘`´]/gu, "'")
    .replace(/[^\p{L}\p{N}'-]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}
