import { alt, anyWord, type LanguageRules, PLACEHOLDER, re, wholeClause } from './language-rules.ts';

const LEAD = alt(
  'merhaba', 'selam', 'soru', 'bir soru', 'arkadaslar', 'peki', 'ama', 'acaba', 'lutfen', 'hocam', 'admin',
  'bu arada', 'ya', 'session', PLACEHOLDER,
);
const LEADS = `(?:${LEAD} )*`;
const NOUN = alt(
  'hesap', 'hesabi', 'hesabiniz', 'site', 'sitesi', 'siteniz', 'sayfa', 'sayfasi', 'link', 'linki', 'baglanti',
  'uygulama', 'uygulamasi', 'kanal', 'kanali', 'profil', 'profili', 'airdrop', 'mesaj', 'mail', 'dm', 'grup',
  'cuzdan', 'destek', 'token', 'kampanya', 'cekilis', PLACEHOLDER,
);
const POINTER = alt(`(?:bu|su|o)(?: ${NOUN})?`, 'siz', 'sen', 'bunlar', 'session', PLACEHOLDER);
const ADV = alt('gercekten', 'cidden', 'sahiden', 'hakikaten', 'acaba');
const VERDICT = alt(
  'resmi', 'gercek', 'sahte', 'dolandirici(?:lik|lar)?', 'guvenilir', 'orijinal', 'mesru', 'yasal', 'taklit',
  'fake', 'scam', 'legit', 'sahtekar(?:lik)?', 'dogrulanmis', 'onayli', 'siz', 'sen', 'sizin', 'senin',
  `bir (?:dolandirici|dolandiricilik|sahtekar|sahte \\S+|tuzak|bot|scam|fake|taklit)`,
  `(?:resmi|gercek|sahte|orijinal|sizin|senin) ${NOUN}`,
);
const PARTICLE = '(?:mi|mu)(?:dir|sin|siniz|yim|yiz|sunuz|sun|y?di)?';
const TAIL_ITEM = alt(`yoksa (?:\\S+ )?(?:mi|mu)`, 'yoksa \\S+', 'acaba', 'bu', 'o', 'su', 'session', 'lutfen', 'ya', 'hocam', 'arkadaslar', PLACEHOLDER);
const TAIL = `(?: ${TAIL_ITEM})*`;

/** Turkish: the particle mi/mı/mu/mü (folded to mi/mu) asks by itself. */
export const turkishRules: LanguageRules = {
  code: 'tr',
  markers: anyWord(
    'bu', 'mi', 'mu', 'hesap', 'resmi', 'gercek', 'sahte', 'misiniz', 'degil', 'icin', 've', 'ile', 'cok',
    'acaba', 'siz', 'sen', 'bir', 'ne', 'zaman', 'nerede', 'neden', 'guvenilir', 'yoksa', 'miyim', 'sizin',
    'her', 'yerde', 'haber', 'notlari', 'harika', 'dikkat', 'olun', 'beni', 'yeni', 'surum', 'gercekten', 'var',
    'yok', 'ben', 'biz', 'gibi', 'daha', 'ama', 'gelecek', 'surumu', 'uygulama', 'hesabi', 'fazla', 'edin',
  ),
  letters: /[şğıİ]/gu,
  interjections: wholeClause('gercekten', 'cidden', 'sahi', 'oyle mi', 'gercek mi', 'sahiden mi', 'gercekten mi'),
  wh: anyWord('ne zaman', 'nerede', 'neden', 'nasil', 'niye', 'kim', 'hangi', 'nereden', 'kac'),
  asks: [
    // bu hesap resmi mi / bu siz misiniz / resmi hesabınız bu mu
    re(`^${LEADS}(?:${POINTER} )?(?:${ADV} )*${VERDICT}(?: (?:bu|o|su))? ${PARTICLE}${TAIL}$`),
    // bu linke güvenebilir miyim
    re(`^${LEADS}(?:${POINTER} |(?:bu|su|o) \\S+ |\\S+ )?(?:${ADV} )*(?:guven(?:ebilir|ilir|ilebilir)|inan(?:abilir|ilir))(?:im|iz)? ${PARTICLE}${TAIL}$`),
  ],
  asksWhenMarked: [
    // resmi? / bu resmi?
    re(`^${LEADS}(?:${POINTER} )?(?:${ADV} )*${VERDICT}${TAIL}$`),
  ],
};
