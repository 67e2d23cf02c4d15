/**
 * The public "is this official?" page's words, per language: the form, the verdict's word and
 * its one-line sentence, and the line a mention reply may end with. Keyed by the same language
 * codes as the reply templates (a test holds the two sets equal), English the fallback.
 *
 * Placeholders: `{of}` (an official channel), `{title}` (an announcement's title, escaped by the
 * page), `{date}` (YYYY-MM-DD), `{url}` (PUBLIC_BASE_URL + /check). Nothing a visitor typed is
 * ever put into these sentences.
 */

/** What the page answers: the five verdicts of `herald verify`, and three about a post URL. */
export type PublicVerdict = 'official' | 'unofficial' | 'lookalike' | 'unsure' | 'former' | 'announcement' | 'official-account' | 'retracted';

export interface PublicPageText {
  checkTitle: string;
  checkIntro: string;
  checkLabel: string;
  checkButton: string;
  /** Before the verdict's reason (which is fixed English, shown as such). */
  reasonLabel: string;
  /** The verdict as one word or two, shown beside its colour. */
  words: Record<PublicVerdict, string>;
  lines: {
    official: string;
    unofficial: string;
    lookalike: string;
    lookalikeGeneric: string;
    unsure: string;
    former: string;
    announcement: string;
    officialAccount: string;
    retracted: string;
  };
  /** The last line of a mention reply when REPLY_CHECK_LINK=true. */
  checkAnyLink: string;
}

const en: PublicPageText = {
  checkTitle: 'Is this official?',
  checkIntro: 'Paste a link, a handle or a post URL: Herald checks it against the official channels of the Session Technology Foundation.',
  checkLabel: 'Link, handle or post URL',
  checkButton: 'Check',
  reasonLabel: 'Why:',
  words: {
    official: 'Official',
    unofficial: 'Not official',
    lookalike: 'Lookalike',
    unsure: "Can't verify",
    former: 'Former channel',
    announcement: 'Official announcement',
    'official-account': 'Official account',
    retracted: 'Retracted',
  },
  lines: {
    official: 'This is an official Session channel.',
    unofficial: 'This is not an official Session channel.',
    lookalike: 'This looks like an impersonation of {of}.',
    lookalikeGeneric: 'This looks like an impersonation of an official Session channel.',
    unsure: "Herald can't verify this. Treat it as unofficial.",
    former: 'This is a former Session channel, no longer used.',
    announcement: 'This is the official announcement of “{title}”, posted {date}.',
    officialAccount: 'This is from an official account, but not an announcement.',
    retracted: 'This was the official announcement of “{title}”, posted {date}, and has since been retracted.',
  },
  checkAnyLink: 'Check any link: {url}',
};

const es: PublicPageText = {
  checkTitle: '¿Es oficial?',
  checkIntro: 'Pega un enlace, un usuario o la URL de una publicación: Herald lo compara con los canales oficiales de la Session Technology Foundation.',
  checkLabel: 'Enlace, usuario o URL de una publicación',
  checkButton: 'Comprobar',
  reasonLabel: 'Motivo:',
  words: {
    official: 'Oficial',
    unofficial: 'No oficial',
    lookalike: 'Imitación',
    unsure: 'No verificable',
    former: 'Canal antiguo',
    announcement: 'Anuncio oficial',
    'official-account': 'Cuenta oficial',
    retracted: 'Retirado',
  },
  lines: {
    official: 'Este es un canal oficial de Session.',
    unofficial: 'Este no es un canal oficial de Session.',
    lookalike: 'Parece una suplantación de {of}.',
    lookalikeGeneric: 'Parece una suplantación de un canal oficial de Session.',
    unsure: 'Herald no puede verificarlo. Trátalo como no oficial.',
    former: 'Este es un canal antiguo de Session que ya no se usa.',
    announcement: 'Este es el anuncio oficial de «{title}», publicado el {date}.',
    officialAccount: 'Es de una cuenta oficial, pero no es un anuncio.',
    retracted: 'Este fue el anuncio oficial de «{title}», publicado el {date}, y ha sido retirado.',
  },
  checkAnyLink: 'Comprueba cualquier enlace: {url}',
};

const pt: PublicPageText = {
  checkTitle: 'É oficial?',
  checkIntro: 'Cole um link, um usuário ou o URL de uma publicação: o Herald compara com os canais oficiais da Session Technology Foundation.',
  checkLabel: 'Link, usuário ou URL de uma publicação',
  checkButton: 'Verificar',
  reasonLabel: 'Motivo:',
  words: {
    official: 'Oficial',
    unofficial: 'Não oficial',
    lookalike: 'Imitação',
    unsure: 'Não verificável',
    former: 'Canal antigo',
    announcement: 'Anúncio oficial',
    'official-account': 'Conta oficial',
    retracted: 'Retirado',
  },
  lines: {
    official: 'Este é um canal oficial do Session.',
    unofficial: 'Este não é um canal oficial do Session.',
    lookalike: 'Isto parece uma imitação de {of}.',
    lookalikeGeneric: 'Isto parece uma imitação de um canal oficial do Session.',
    unsure: 'O Herald não consegue verificar isto. Trate como não oficial.',
    former: 'Este é um canal antigo do Session, que não é mais usado.',
    announcement: 'Este é o anúncio oficial de “{title}”, publicado em {date}.',
    officialAccount: 'É de uma conta oficial, mas não é um anúncio.',
    retracted: 'Este foi o anúncio oficial de “{title}”, publicado em {date}, e foi retirado.',
  },
  checkAnyLink: 'Verifique qualquer link: {url}',
};

const fr: PublicPageText = {
  checkTitle: 'Est-ce officiel ?',
  checkIntro: 'Collez un lien, un identifiant ou l’URL d’une publication : Herald le compare aux canaux officiels de la Session Technology Foundation.',
  checkLabel: 'Lien, identifiant ou URL d’une publication',
  checkButton: 'Vérifier',
  reasonLabel: 'Pourquoi :',
  words: {
    official: 'Officiel',
    unofficial: 'Non officiel',
    lookalike: 'Imitation',
    unsure: 'Invérifiable',
    former: 'Ancien canal',
    announcement: 'Annonce officielle',
    'official-account': 'Compte officiel',
    retracted: 'Retirée',
  },
  lines: {
    official: 'C’est un canal officiel de Session.',
    unofficial: 'Ce n’est pas un canal officiel de Session.',
    lookalike: 'Cela ressemble à une usurpation de {of}.',
    lookalikeGeneric: 'Cela ressemble à une usurpation d’un canal officiel de Session.',
    unsure: 'Herald ne peut pas le vérifier. Considérez-le comme non officiel.',
    former: 'C’est un ancien canal de Session, qui n’est plus utilisé.',
    announcement: 'C’est l’annonce officielle « {title} », publiée le {date}.',
    officialAccount: 'Cela vient d’un compte officiel, mais ce n’est pas une annonce.',
    retracted: 'C’était l’annonce officielle « {title} », publiée le {date} ; elle a été retirée.',
  },
  checkAnyLink: 'Vérifiez n’importe quel lien : {url}',
};

const de: PublicPageText = {
  checkTitle: 'Ist das offiziell?',
  checkIntro: 'Füge einen Link, einen Account-Namen oder die URL eines Beitrags ein: Herald gleicht ihn mit den offiziellen Kanälen der Session Technology Foundation ab.',
  checkLabel: 'Link, Account-Name oder Beitrags-URL',
  checkButton: 'Prüfen',
  reasonLabel: 'Grund:',
  words: {
    official: 'Offiziell',
    unofficial: 'Nicht offiziell',
    lookalike: 'Nachahmung',
    unsure: 'Nicht prüfbar',
    former: 'Früherer Kanal',
    announcement: 'Offizielle Ankündigung',
    'official-account': 'Offizieller Account',
    retracted: 'Zurückgezogen',
  },
  lines: {
    official: 'Das ist ein offizieller Session-Kanal.',
    unofficial: 'Das ist kein offizieller Session-Kanal.',
    lookalike: 'Das sieht nach einer Nachahmung von {of} aus.',
    lookalikeGeneric: 'Das sieht nach einer Nachahmung eines offiziellen Session-Kanals aus.',
    unsure: 'Herald kann das nicht überprüfen. Behandle es als nicht offiziell.',
    former: 'Das ist ein früherer Session-Kanal, der nicht mehr genutzt wird.',
    announcement: 'Das ist die offizielle Ankündigung „{title}“, veröffentlicht am {date}.',
    officialAccount: 'Das stammt von einem offiziellen Account, ist aber keine Ankündigung.',
    retracted: 'Das war die offizielle Ankündigung „{title}“, veröffentlicht am {date}; sie wurde zurückgezogen.',
  },
  checkAnyLink: 'Jeden Link prüfen: {url}',
};

const it: PublicPageText = {
  checkTitle: 'È ufficiale?',
  checkIntro: 'Incolla un link, un nome utente o l’URL di un post: Herald lo confronta con i canali ufficiali della Session Technology Foundation.',
  checkLabel: 'Link, nome utente o URL di un post',
  checkButton: 'Verifica',
  reasonLabel: 'Motivo:',
  words: {
    official: 'Ufficiale',
    unofficial: 'Non ufficiale',
    lookalike: 'Imitazione',
    unsure: 'Non verificabile',
    former: 'Vecchio canale',
    announcement: 'Annuncio ufficiale',
    'official-account': 'Account ufficiale',
    retracted: 'Ritirato',
  },
  lines: {
    official: 'Questo è un canale ufficiale di Session.',
    unofficial: 'Questo non è un canale ufficiale di Session.',
    lookalike: 'Sembra un’imitazione di {of}.',
    lookalikeGeneric: 'Sembra un’imitazione di un canale ufficiale di Session.',
    unsure: 'Herald non può verificarlo. Consideralo non ufficiale.',
    former: 'Questo è un vecchio canale di Session, non più usato.',
    announcement: 'Questo è l’annuncio ufficiale «{title}», pubblicato il {date}.',
    officialAccount: 'Viene da un account ufficiale, ma non è un annuncio.',
    retracted: 'Questo era l’annuncio ufficiale «{title}», pubblicato il {date}, ed è stato ritirato.',
  },
  checkAnyLink: 'Verifica qualsiasi link: {url}',
};

const ru: PublicPageText = {
  checkTitle: 'Это официально?',
  checkIntro: 'Вставьте ссылку, имя аккаунта или ссылку на пост: Herald сверит их с официальными каналами Session Technology Foundation.',
  checkLabel: 'Ссылка, имя аккаунта или ссылка на пост',
  checkButton: 'Проверить',
  reasonLabel: 'Почему:',
  words: {
    official: 'Официально',
    unofficial: 'Неофициально',
    lookalike: 'Подделка',
    unsure: 'Не проверить',
    former: 'Бывший канал',
    announcement: 'Официальное объявление',
    'official-account': 'Официальный аккаунт',
    retracted: 'Отозвано',
  },
  lines: {
    official: 'Это официальный канал Session.',
    unofficial: 'Это не официальный канал Session.',
    lookalike: 'Похоже, это подделка под {of}.',
    lookalikeGeneric: 'Похоже, это подделка под официальный канал Session.',
    unsure: 'Herald не может это проверить. Считайте это неофициальным.',
    former: 'Это бывший канал Session, он больше не используется.',
    announcement: 'Это официальное объявление «{title}», опубликованное {date}.',
    officialAccount: 'Это пост официального аккаунта, но не объявление.',
    retracted: 'Это было официальное объявление «{title}», опубликованное {date}; оно отозвано.',
  },
  checkAnyLink: 'Проверить любую ссылку: {url}',
};

const tr: PublicPageText = {
  checkTitle: 'Bu resmi mi?',
  checkIntro: 'Bir bağlantı, kullanıcı adı ya da gönderi adresi yapıştırın: Herald bunu Session Technology Foundation’ın resmi kanallarıyla karşılaştırır.',
  checkLabel: 'Bağlantı, kullanıcı adı ya da gönderi adresi',
  checkButton: 'Kontrol et',
  reasonLabel: 'Neden:',
  words: {
    official: 'Resmi',
    unofficial: 'Resmi değil',
    lookalike: 'Taklit',
    unsure: 'Doğrulanamıyor',
    former: 'Eski kanal',
    announcement: 'Resmi duyuru',
    'official-account': 'Resmi hesap',
    retracted: 'Geri çekildi',
  },
  lines: {
    official: 'Bu, resmi bir Session kanalıdır.',
    unofficial: 'Bu, resmi bir Session kanalı değildir.',
    lookalike: 'Bu, {of} kanalının bir taklidi gibi görünüyor.',
    lookalikeGeneric: 'Bu, resmi bir Session kanalının taklidi gibi görünüyor.',
    unsure: 'Herald bunu doğrulayamıyor. Resmi değilmiş gibi davranın.',
    former: 'Bu, artık kullanılmayan eski bir Session kanalıdır.',
    announcement: 'Bu, {date} tarihinde yayımlanan “{title}” resmi duyurusudur.',
    officialAccount: 'Bu resmi bir hesaptan, ama bir duyuru değil.',
    retracted: 'Bu, {date} tarihinde yayımlanan “{title}” resmi duyurusuydu ve geri çekildi.',
  },
  checkAnyLink: 'Herhangi bir bağlantıyı kontrol edin: {url}',
};

const zh: PublicPageText = {
  checkTitle: '这是官方的吗？',
  checkIntro: '粘贴一个链接、账号名或帖子网址：Herald 会将其与 Session Technology Foundation 的官方渠道进行核对。',
  checkLabel: '链接、账号名或帖子网址',
  checkButton: '核查',
  reasonLabel: '原因：',
  words: {
    official: '官方',
    unofficial: '非官方',
    lookalike: '冒充',
    unsure: '无法核实',
    former: '旧渠道',
    announcement: '官方公告',
    'official-account': '官方账号',
    retracted: '已撤回',
  },
  lines: {
    official: '这是 Session 的官方渠道。',
    unofficial: '这不是 Session 的官方渠道。',
    lookalike: '这看起来是在冒充 {of}。',
    lookalikeGeneric: '这看起来是在冒充 Session 的官方渠道。',
    unsure: 'Herald 无法核实这一点。请将其视为非官方。',
    former: '这是 Session 已不再使用的旧渠道。',
    announcement: '这是于 {date} 发布的官方公告《{title}》。',
    officialAccount: '这来自官方账号，但不是公告。',
    retracted: '这曾是于 {date} 发布的官方公告《{title}》，现已撤回。',
  },
  checkAnyLink: '核查任何链接：{url}',
};

const ja: PublicPageText = {
  checkTitle: 'これは公式ですか？',
  checkIntro: 'リンク、アカウント名、または投稿のURLを貼り付けてください。Herald が Session Technology Foundation の公式チャンネルと照合します。',
  checkLabel: 'リンク、アカウント名、または投稿のURL',
  checkButton: '確認',
  reasonLabel: '理由：',
  words: {
    official: '公式',
    unofficial: '非公式',
    lookalike: 'なりすまし',
    unsure: '確認できません',
    former: '旧チャンネル',
    announcement: '公式のお知らせ',
    'official-account': '公式アカウント',
    retracted: '撤回済み',
  },
  lines: {
    official: 'これは Session の公式チャンネルです。',
    unofficial: 'これは Session の公式チャンネルではありません。',
    lookalike: '{of} のなりすましの可能性があります。',
    lookalikeGeneric: 'Session の公式チャンネルのなりすましの可能性があります。',
    unsure: 'Herald はこれを確認できません。非公式として扱ってください。',
    former: 'これは現在は使用されていない Session の旧チャンネルです。',
    announcement: 'これは {date} に投稿された公式のお知らせ「{title}」です。',
    officialAccount: 'これは公式アカウントからの投稿ですが、お知らせではありません。',
    retracted: 'これは {date} に投稿された公式のお知らせ「{title}」でしたが、撤回されました。',
  },
  checkAnyLink: 'リンクを確認：{url}',
};

/** Every language's words: English plus es, pt, fr, de, it, ru, tr, zh, ja (as the reply templates). */
export const PUBLIC_PAGE_TEXT: { en: PublicPageText } & Record<string, PublicPageText> = { en, es, pt, fr, de, it, ru, tr, zh, ja };

/** The words for `language`, English when there are none. */
export function publicPageText(language: string): PublicPageText {
  return Object.hasOwn(PUBLIC_PAGE_TEXT, language) ? PUBLIC_PAGE_TEXT[language]! : PUBLIC_PAGE_TEXT.en;
}
