import { DEFAULT_OFFICIAL_CHANNELS, type OfficialChannels } from './official-channels.ts';

/**
 * Fixed reply texts for Herald's answers to "is this official?".
 *
 * Replies are built only from these strings: the asker's words are never echoed, so a
 * scammer cannot make the Foundation's bot repeat a phishing link or slogan. The only
 * insertions are `{subject}` (a safe rendering chosen by composeReply), `{of}` (one of
 * `nameableChannels`) and `{channels}` (`officialChannels`).
 */

/** Generic nouns used instead of naming a subject that cannot be shown safely. */
export interface GenericSubjects {
  /** "that account" */
  account: string;
  /** "that link" */
  link: string;
  /** "that app" */
  app: string;
  /** "that" — when no subject was identified. */
  other: string;
}

/** One language's sentences. Placeholders: `{subject}`, `{of}`, `{channels}`. */
export interface LanguageTemplates {
  /**
   * Cannot be verified (unknown subject, a post or link that could not be loaded, a shortened
   * link): "I can't verify that" and what the Foundation never does. Never a "yes".
   */
  unsure: string;
  /** A channel the Foundation used before and no longer does. */
  former: string;
  /** Official, subject is a named account: "Yes — {subject} is an official … account." */
  officialAccount: string;
  /** Official, any other subject: "Yes — {subject} is an official … channel." */
  officialChannel: string;
  /** Not official: "No — {subject} is not an official Session channel." */
  unofficial: string;
  /** Impersonation of a named channel: "Careful — that looks like an impersonation of {of}." */
  lookalike: string;
  /** Impersonation, imitated channel not nameable. */
  lookalikeGeneric: string;
  /** The line listing the official channels, appended to every reply. */
  channelsLine: string;
  subjects: GenericSubjects;
}

/** All reply texts. `en` is required and is the fallback for unknown languages. */
export interface ReplyTemplates {
  /** The list that fills `{channels}`: the Foundation's own "only trust" channels. */
  officialChannels: string;
  /**
   * Official channels that may fill `{of}` (lower-case comparison). Anything else in a
   * verdict's `of` is replaced by the generic wording, so a forged or buggy verdict can never
   * make the bot name or @-mention an arbitrary account.
   */
  nameableChannels: string[];
  languages: { en: LanguageTemplates } & Record<string, LanguageTemplates>;
}

const en: LanguageTemplates = {
  unsure: "I can't verify that. The Foundation never DMs first, never runs airdrops or giveaways, and never asks for your recovery password.",
  former: 'That is a former channel, no longer used by the Session Technology Foundation.',
  officialAccount: 'Yes — {subject} is an official Session Technology Foundation account.',
  officialChannel: 'Yes — {subject} is an official Session Technology Foundation channel.',
  unofficial: 'No — {subject} is not an official Session channel.',
  lookalike: 'Careful — that looks like an impersonation of {of}.',
  lookalikeGeneric: 'Careful — that looks like an impersonation of an official Session channel.',
  channelsLine: 'Official: {channels}',
  subjects: { account: 'that account', link: 'that link', app: 'that app', other: 'that' },
};

const es: LanguageTemplates = {
  unsure: 'No puedo verificarlo. La Fundación nunca escribe primero por DM, nunca hace airdrops ni sorteos y nunca pide tu contraseña de recuperación.',
  former: 'Ese es un canal antiguo que la Session Technology Foundation ya no usa.',
  officialAccount: 'Sí — {subject} es una cuenta oficial de la Session Technology Foundation.',
  officialChannel: 'Sí — {subject} es un canal oficial de la Session Technology Foundation.',
  unofficial: 'No — {subject} no es un canal oficial de Session.',
  lookalike: 'Cuidado — parece una suplantación de {of}.',
  lookalikeGeneric: 'Cuidado — parece una suplantación de un canal oficial de Session.',
  channelsLine: 'Canales oficiales: {channels}',
  subjects: { account: 'esa cuenta', link: 'ese enlace', app: 'esa app', other: 'eso' },
};

const pt: LanguageTemplates = {
  unsure: 'Não consigo verificar isso. A Fundação nunca manda DM primeiro, nunca faz airdrops nem sorteios e nunca pede sua senha de recuperação.',
  former: 'Esse é um canal antigo, que a Session Technology Foundation não usa mais.',
  officialAccount: 'Sim — {subject} é uma conta oficial da Session Technology Foundation.',
  officialChannel: 'Sim — {subject} é um canal oficial da Session Technology Foundation.',
  unofficial: 'Não — {subject} não é um canal oficial do Session.',
  lookalike: 'Cuidado — isso parece uma imitação de {of}.',
  lookalikeGeneric: 'Cuidado — isso parece uma imitação de um canal oficial do Session.',
  channelsLine: 'Canais oficiais: {channels}',
  subjects: { account: 'essa conta', link: 'esse link', app: 'esse app', other: 'isso' },
};

const fr: LanguageTemplates = {
  unsure: 'Je ne peux pas le vérifier. La Fondation n’écrit jamais en premier en DM, ne fait jamais d’airdrop ni de giveaway et ne demande jamais votre mot de passe de récupération.',
  former: 'C’est un ancien canal, que la Session Technology Foundation n’utilise plus.',
  officialAccount: 'Oui — {subject} est un compte officiel de la Session Technology Foundation.',
  officialChannel: 'Oui — {subject} est un canal officiel de la Session Technology Foundation.',
  unofficial: 'Non — {subject} n’est pas un canal officiel de Session.',
  lookalike: 'Attention — cela ressemble à une usurpation de {of}.',
  lookalikeGeneric: 'Attention — cela ressemble à une usurpation d’un canal officiel de Session.',
  channelsLine: 'Canaux officiels : {channels}',
  subjects: { account: 'ce compte', link: 'ce lien', app: 'cette application', other: 'ceci' },
};

const de: LanguageTemplates = {
  unsure: 'Das kann ich nicht überprüfen. Die Foundation schreibt nie zuerst per DM, macht nie Airdrops oder Giveaways und fragt nie nach deinem Wiederherstellungspasswort.',
  former: 'Das ist ein früherer Kanal, den die Session Technology Foundation nicht mehr nutzt.',
  officialAccount: 'Ja — {subject} ist ein offizieller Account der Session Technology Foundation.',
  officialChannel: 'Ja — {subject} ist ein offizieller Kanal der Session Technology Foundation.',
  unofficial: 'Nein — {subject} ist kein offizieller Session-Kanal.',
  lookalike: 'Vorsicht — das sieht nach einer Nachahmung von {of} aus.',
  lookalikeGeneric: 'Vorsicht — das sieht nach einer Nachahmung eines offiziellen Session-Kanals aus.',
  channelsLine: 'Offizielle Kanäle: {channels}',
  subjects: { account: 'dieser Account', link: 'dieser Link', app: 'diese App', other: 'das' },
};

const it: LanguageTemplates = {
  unsure: 'Non posso verificarlo. La Fondazione non scrive mai per prima in DM, non fa mai airdrop né giveaway e non chiede mai la tua password di recupero.',
  former: 'È un vecchio canale, che la Session Technology Foundation non usa più.',
  officialAccount: 'Sì — {subject} è un account ufficiale della Session Technology Foundation.',
  officialChannel: 'Sì — {subject} è un canale ufficiale della Session Technology Foundation.',
  unofficial: 'No — {subject} non è un canale ufficiale di Session.',
  lookalike: 'Attenzione — sembra un’imitazione di {of}.',
  lookalikeGeneric: 'Attenzione — sembra un’imitazione di un canale ufficiale di Session.',
  channelsLine: 'Canali ufficiali: {channels}',
  subjects: { account: 'quell’account', link: 'quel link', app: 'quell’app', other: 'questo' },
};

const ru: LanguageTemplates = {
  unsure: 'Я не могу это проверить. Фонд никогда не пишет первым в личку, не проводит аирдропов и розыгрышей и никогда не просит ваш пароль восстановления.',
  former: 'Это бывший канал, Session Technology Foundation его больше не использует.',
  officialAccount: 'Да, {subject} — официальный аккаунт Session Technology Foundation.',
  officialChannel: 'Да, {subject} — официальный канал Session Technology Foundation.',
  unofficial: 'Нет, {subject} не является официальным каналом Session.',
  lookalike: 'Осторожно: похоже, это подделка под {of}.',
  lookalikeGeneric: 'Осторожно: похоже, это подделка под официальный канал Session.',
  channelsLine: 'Официальные каналы: {channels}',
  subjects: { account: 'этот аккаунт', link: 'эта ссылка', app: 'это приложение', other: 'это' },
};

const tr: LanguageTemplates = {
  unsure: 'Bunu doğrulayamıyorum. Vakıf asla önce DM atmaz, airdrop ya da çekiliş yapmaz ve kurtarma şifrenizi asla istemez.',
  former: 'Bu, Session Technology Foundation’ın artık kullanmadığı eski bir kanal.',
  officialAccount: 'Evet — {subject}, Session Technology Foundation’ın resmi hesabıdır.',
  officialChannel: 'Evet — {subject}, Session Technology Foundation’ın resmi kanalıdır.',
  unofficial: 'Hayır — {subject} resmi bir Session kanalı değildir.',
  lookalike: 'Dikkat — bu, {of} kanalının bir taklidi gibi görünüyor.',
  lookalikeGeneric: 'Dikkat — bu, resmi bir Session kanalının taklidi gibi görünüyor.',
  channelsLine: 'Resmi kanallar: {channels}',
  subjects: { account: 'bu hesap', link: 'bu bağlantı', app: 'bu uygulama', other: 'bu' },
};

const zh: LanguageTemplates = {
  unsure: '我无法核实这一点。基金会从不主动私信，从不举办空投或抽奖，也从不索要你的恢复密码。',
  former: '这是 Session Technology Foundation 已不再使用的旧渠道。',
  officialAccount: '是的，{subject} 是 Session Technology Foundation 的官方账号。',
  officialChannel: '是的，{subject} 是 Session Technology Foundation 的官方渠道。',
  unofficial: '不是，{subject} 不是 Session 的官方渠道。',
  lookalike: '请注意：这看起来是在冒充 {of}。',
  lookalikeGeneric: '请注意：这看起来是在冒充 Session 的官方渠道。',
  channelsLine: '官方渠道：{channels}',
  subjects: { account: '该账号', link: '该链接', app: '该应用', other: '这' },
};

const ja: LanguageTemplates = {
  unsure: '確認できません。財団から先にDMを送ること、エアドロップやプレゼント企画を行うこと、リカバリーパスワードを尋ねることは決してありません。',
  former: 'それは Session Technology Foundation が現在は使用していない旧チャンネルです。',
  officialAccount: 'はい、{subject} は Session Technology Foundation の公式アカウントです。',
  officialChannel: 'はい、{subject} は Session Technology Foundation の公式チャンネルです。',
  unofficial: 'いいえ、{subject} は Session の公式チャンネルではありません。',
  lookalike: 'ご注意ください。{of} のなりすましの可能性があります。',
  lookalikeGeneric: 'ご注意ください。Session の公式チャンネルのなりすましの可能性があります。',
  channelsLine: '公式：{channels}',
  subjects: { account: 'そのアカウント', link: 'そのリンク', app: 'そのアプリ', other: 'それ' },
};

/** Every language's sentences: English plus es, pt, fr, de, it, ru, tr, zh, ja. */
export const LANGUAGE_TEMPLATES: ReplyTemplates['languages'] = { en, es, pt, fr, de, it, ru, tr, zh, ja };

/**
 * The reply templates for a registry: the "Official: …" list is its `trustLine` (X handles written
 * `x.com/<handle>`, which links correctly on every platform and mentions nobody), and the
 * channels a reply may name are its X accounts, Mastodon accounts, Bluesky accounts (written
 * `bsky.app/profile/<handle>` here; composeReply renders each for the platform) and domains.
 */
export function replyTemplatesFor(channels: OfficialChannels): ReplyTemplates {
  return {
    officialChannels: channels.trustLine.map((entry) => (entry.startsWith('@') ? `x.com/${entry.slice(1)}` : entry)).join(', '),
    nameableChannels: [
      ...channels.xAccounts.map((a) => `@${a.handle}`),
      ...channels.mastodonAccounts,
      ...channels.blueskyAccounts.map((a) => `bsky.app/profile/${a.handle}`),
      ...channels.domains,
    ],
    languages: LANGUAGE_TEMPLATES,
  };
}

/** The templates for the registry Herald ships with. */
export const DEFAULT_REPLY_TEMPLATES: ReplyTemplates = replyTemplatesFor(DEFAULT_OFFICIAL_CHANNELS);
