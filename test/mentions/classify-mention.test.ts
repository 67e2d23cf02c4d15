import { describe, expect, it } from 'vitest';
import { classifyMention, explainMention } from '../../src/core/mentions/classify-mention.ts';

describe('classifyMention: authenticity questions', () => {
  it.each([
    ['en', '@SessionTechFND is this account legit? https://x.com/Session_Airdrop'],
    ['en', '@SessionTechFND legit?'],
    ['en', '@SessionTechFND is this you?'],
    ['en', '@SessionTechFND can I trust this link? sessionwallet-claim.com'],
    ['en', '@SessionTechFND IS THIS OFFICIAL'],
    ['en', '@SessionTechFND did you really post this?'],
    ['en', '@SessionTechFND anyone know if this is official?'],
    ['es', '@SessionTechFND ¿esta cuenta es oficial?'],
    ['es', '@SessionTechFND ¿Es real este airdrop?'],
    ['pt', '@SessionTechFND isso é golpe?'],
    ['fr', "@SessionTechFND c'est officiel ce compte ?"],
    ['fr', '@SessionTechFND est-ce que ce compte est officiel'],
    ['de', '@SessionTechFND ist das echt'],
    ['de', '@SessionTechFND Kann ich diesem Link vertrauen?'],
    ['it', '@SessionTechFND questo account è ufficiale?'],
    ['ru', '@SessionTechFND это официальный аккаунт?'],
    ['ru', '@SessionTechFND настоящий ли это аккаунт'],
    ['tr', '@SessionTechFND bu hesap resmi mi'],
    ['zh', '@SessionTechFND 这是官方账号吗'],
    ['zh', '@SessionTechFND 這個是詐騙嗎？'],
    ['ja', '@SessionTechFND これは公式アカウントですか'],
    ['ja', '@SessionTechFND 本物？'],
    ['ko', '@SessionTechFND 이 계정 공식 맞아요?'],
    ['vi', '@SessionTechFND trang này có phải lừa đảo không?'],
    ['id', '@SessionTechFND akun ini resmi atau palsu?'],
    ['uk', '@SessionTechFND це офіційний акаунт?'],
    ['pl', '@SessionTechFND czy to konto jest prawdziwe?'],
    ['ar', '@SessionTechFND هل هذا الحساب رسمي؟'],
  ])('%s: %s', (language, text) => {
    expect(classifyMention(text)).toEqual({ asksOfficial: true, language });
  });
});

describe('classifyMention: hard negatives', () => {
  it.each([
    '@SessionTechFND the official release notes are great',
    '@SessionTechFND when is the official launch?',
    '@SessionTechFND the official app is down?',
    '@SessionTechFND this scam is annoying, reported it',
    '@SessionTechFND real talk, love session',
    'fake news everywhere lol @SessionTechFND',
    '@SessionTechFND official docs?',
    '@SessionTechFND @Session_Airdrop is fake, do not click',
    '@SessionTechFND is it safe to update yet?',
    '@SessionTechFND ¡ya es oficial! 🎉',
    '@SessionTechFND la app es buenísima, ¿verdad?',
    "@SessionTechFND c'est officiel !",
    '@SessionTechFND das ist echt gut',
    '@SessionTechFND будет ли версия для iPad?',
    '@SessionTechFND resmi uygulama çöktü mü?',
    '@SessionTechFND 官方应用挂了？',
    '@SessionTechFND 公式アプリ落ちてる？',
    '@SessionTechFND 공식 앱 언제 업데이트돼요?',
    '@SessionTechFND khi nào có bản chính thức cho iPad?',
    '@SessionTechFND ada grup resmi di Matrix?',
    '@SessionTechFND коли вийде офіційна версія для iPad?',
    '@SessionTechFND kiedy wyjdzie oficjalna wersja?',
    '@SessionTechFND متى تنزل النسخة الرسمية؟',
  ])('%s', (text) => {
    expect(classifyMention(text).asksOfficial).toBe(false);
  });
});

describe('classifyMention: offers, hearsay and particles', () => {
  it('reads an offer asked about with a doubt adverb, with no actor named (pro-drop languages)', () => {
    expect(classifyMention('@SessionTechFND ¿de verdad están haciendo un airdrop de SESH?').asksOfficial).toBe(true);
    expect(classifyMention('@SessionTechFND state davvero facendo un airdrop?').asksOfficial).toBe(true);
    // The same words without the doubt adverb or the offer ask nothing about authenticity.
    expect(classifyMention('@SessionTechFND ¿están haciendo una encuesta?').asksOfficial).toBe(false);
  });

  it('answers "is it true that…" about an offer or the account, not about news', () => {
    expect(classifyMention('@SessionTechFND is it true that you launched a token?').asksOfficial).toBe(true);
    expect(classifyMention("@SessionTechFND c'est vrai que vous avez lancé un token ?").asksOfficial).toBe(true);
    const news = explainMention('@SessionTechFND is it true that the desktop app is official now?');
    expect(news.asksOfficial).toBe(false);
    expect(news.signals.clauses).toContainEqual(expect.objectContaining({ lexicon: 'en', negative: expect.arrayContaining(['is it true that']) }));
  });

  it('reads a word behind an elided article (French, Italian) and keeps a negative inside an authenticity word silent', () => {
    // "l'appli" is read "lappli": the subject "appli" is still found behind the elided "l".
    const elided = explainMention("@SessionTechFND c'est l'appli officielle ça ?");
    expect(elided.signals.clauses).toContainEqual(expect.objectContaining({ lexicon: 'fr', subject: expect.arrayContaining(['appli']) }));
    // "sao" (why) inside "bản sao" (a copy) is not a question about why.
    expect(classifyMention('@SessionTechFND muốn biết getsesion.net an toàn hay là bản sao').asksOfficial).toBe(true);
    expect(classifyMention('@SessionTechFND sao đồng bộ trên desktop chậm vậy?').asksOfficial).toBe(false);
  });

  it('reads "how legit is…" as a question about authenticity, and other "how" questions not', () => {
    expect(classifyMention('@SessionTechFND how legit is session-nodes.io?').asksOfficial).toBe(true);
    expect(classifyMention('@SessionTechFND насколько надёжен session-nodes.io?').asksOfficial).toBe(true);
    expect(classifyMention('@SessionTechFND how legit is the encryption compared to signal?').asksOfficial).toBe(false);
    expect(classifyMention('@SessionTechFND how do I check session-nodes.io?').asksOfficial).toBe(false);
  });

  it('does not let a negative cue inside a longer particle veto it ("var mı" in "bilen var mı")', () => {
    expect(classifyMention('@SessionTechFND @Session_Hediyeler dolandırıcı mı bilen var mı').asksOfficial).toBe(true);
    expect(classifyMention('@SessionTechFND yeni sürüm var mı').asksOfficial).toBe(false);
  });
});

describe('classifyMention: languages without a lexicon', () => {
  it('answers a question that names a link or handle and ends with a question mark', () => {
    for (const text of [
      '@SessionTechFND is dit account van jullie? https://x.com/session_nl',
      '@SessionTechFND είναι επίσημος αυτός ο λογαριασμός; @Session_GR',
      '@SessionTechFND क्या यह अकाउंट असली है? @session_in',
    ]) {
      const { asksOfficial, signals } = explainMention(text);
      expect({ asksOfficial, decidedBy: signals.decidedBy, language: signals.language }, text).toEqual({ asksOfficial: true, decidedBy: 'no-lexicon rule', language: 'en' });
    }
  });

  it('stays silent without a link or handle, or without the question mark', () => {
    expect(classifyMention('@SessionTechFND wanneer komt de nieuwe versie?').asksOfficial).toBe(false);
    expect(classifyMention('@SessionTechFND क्या यह अकाउंट असली है?').asksOfficial).toBe(false);
    // The rule does not fire without the question mark (the model may still read "this account
    // is yours <link>" as a question: it decides, and this one it answers when it is sure).
    expect(explainMention('@SessionTechFND dit account is van jullie https://x.com/session_nl').signals.decidedBy).toBe('none');
  });
});

describe('classifyMention: language detection', () => {
  it('does not tie a script to one language: Korean, Ukrainian and Traditional Chinese are themselves', () => {
    expect(classifyMention('@SessionTechFND 이 사이트 진짜예요? 에어드랍 한다는데').language).toBe('ko');
    expect(classifyMention('@SessionTechFND це справжній сайт чи шахрайство? Дякую за відповідь').language).toBe('uk');
    expect(classifyMention('@SessionTechFND 這個帳號是官方的嗎？我不確定').language).toBe('zh');
    expect(classifyMention('@SessionTechFND これは公式アカウントですか').language).toBe('ja');
    expect(classifyMention('@SessionTechFND это официальный аккаунт? Спасибо').language).toBe('ru');
  });
});

describe('explainMention: the signals behind the answer', () => {
  it('names the lexicon entries and cues that fired, and what decided', () => {
    const { asksOfficial, signals } = explainMention('@SessionTechFND is this account legit? https://x.com/Session_Airdrop');
    expect(asksOfficial).toBe(true);
    expect(signals).toMatchObject({ language: 'en', decidedBy: 'lexicon en', subject: true });
    expect(signals.clauses).toContainEqual(
      expect.objectContaining({ lexicon: 'en', authenticity: ['legit*'], question: expect.arrayContaining(['?', 'opener is']), negative: [] }),
    );
  });

  it('shows the negative cue that kept a question about something else unanswered', () => {
    const { asksOfficial, signals } = explainMention('@SessionTechFND when is the official launch?');
    expect(asksOfficial).toBe(false);
    expect(signals.decidedBy).toBe('none');
    expect(signals.clauses).toContainEqual(expect.objectContaining({ lexicon: 'en', authenticity: ['official*'], negative: ['when'] }));
  });
});

describe('classifyMention: normalisation', () => {
  it('ignores handles, links, emoji, case and accents', () => {
    expect(classifyMention('@a @b 🤔🤔 IS   THIS https://t.co/x LEGIT??? 🙏').asksOfficial).toBe(true);
    expect(classifyMention('@SessionTechFND ¿Es LEGÍTIMO este sitio?').asksOfficial).toBe(true);
    expect(classifyMention('@SessionTechFND ＩＳ ＴＨＩＳ ＲＥＡＬ？').asksOfficial).toBe(true);
  });

  it('reads e-mail addresses, reserved-name domains and links before punctuation as subjects', () => {
    // "safe"/"sicher" count only about something named: the address is what is named.
    expect(classifyMention('@SessionTechFND is the sender safe? support@session-help.example').asksOfficial).toBe(true);
    expect(classifyMention('@SessionTechFND ist der Link sicher? session-verify.example').asksOfficial).toBe(true);
    expect(classifyMention('@SessionTechFND ist der Link sicher?').asksOfficial).toBe(false);
    // A comma after a link ends the clause: "are they with you" is read on its own.
    expect(classifyMention('@SessionTechFND they want my wallet https://session-mod.example, are they with you').asksOfficial).toBe(true);
    const { signals } = explainMention('@SessionTechFND is @session@mastodon.online also you?');
    expect(signals.subject).toBe(true);
  });

  it('reads a name in quotes as something named, like a link', () => {
    const quoted = explainMention('@SessionTechFND kann man der App "Session Chat" im Microsoft Store vertrauen?');
    expect(quoted.asksOfficial).toBe(true);
    expect(quoted.signals.clauses.flatMap((c) => c.pointer)).toContain('quoted name');
    // Without the quotes nothing is named for the rules (whether a store app can be trusted is
    // left to the model, which reads it as a question about the listing).
    const unquoted = explainMention('@SessionTechFND kann man der App im Microsoft Store vertrauen?');
    expect(unquoted.signals.decidedBy).toBe('none');
    expect(unquoted.signals.clauses.flatMap((c) => c.pointer)).not.toContain('quoted name');
    expect(classifyMention('@SessionTechFND how do I "verify" a contact?').asksOfficial).toBe(false);
  });

  it('reads a doubt adverb about a quoted name as a question whether it is really theirs', () => {
    expect(classifyMention('@SessionTechFND ist das "Session Premium" Abo wirklich von der Stiftung?').asksOfficial).toBe(true);
    expect(classifyMention('@SessionTechFND ist das Abo wirklich von der Stiftung?').asksOfficial).toBe(false);
  });

  it('reads handles after the first leading one as what the question is about', () => {
    expect(explainMention('@SessionTechFND @Session_News trustworthy?').signals.subject).toBe(true);
    expect(classifyMention('@SessionTechFND @SessionNewsJP は信頼できる？').asksOfficial).toBe(true);
    expect(classifyMention('@SessionTechFND @SessionNewsKR 믿을 만한가요?').asksOfficial).toBe(true);
    expect(classifyMention('@SessionTechFND 믿을 만한가요?').asksOfficial).toBe(false);
    // A thread's addressees are not a subject for the no-lexicon rule; a handle in the text is.
    expect(classifyMention('@alice @SessionTechFND hoe gaat het met jullie?').asksOfficial).toBe(false);
    expect(classifyMention('@SessionTechFND is dit account van jullie? @session_nl').asksOfficial).toBe(true);
  });

  it('does not read a handle as the start of a question', () => {
    expect(classifyMention('PSA: @Session_Airdrop is fake').asksOfficial).toBe(false);
    expect(classifyMention('is @Session_Airdrop real?').asksOfficial).toBe(true);
  });

  it('returns English for unknown languages and empty input', () => {
    expect(classifyMention('')).toEqual({ asksOfficial: false, language: 'en' });
    expect(classifyMention('@SessionTechFND 👍👍')).toEqual({ asksOfficial: false, language: 'en' });
    expect(classifyMention('@SessionTechFND xyzzy plugh?').language).toBe('en');
  });

  it('completes on long hostile input and still reads a question in it', () => {
    // No timing: the input is bounded (4,000 characters, 40 words a clause) and every pattern is
    // linear, so these complete; the answers show the text was actually read.
    expect(classifyMention(`is this ${'or a scam '.repeat(400)}?`).asksOfficial).toBe(false);
    expect(classifyMention(`${'is this real or '.repeat(300)}`).asksOfficial).toBe(false);
    expect(classifyMention('this '.repeat(2000)).asksOfficial).toBe(false);
    expect(classifyMention(`${'hmm, '.repeat(700)}is this legit?`).asksOfficial).toBe(true);
    // An unclosed quote, links, addresses and reserved-name domains over the whole input.
    expect(classifyMention(`"${'a'.repeat(3990)} is this legit?`).asksOfficial).toBe(false);
    expect(classifyMention(`${'"ab '.repeat(1000)}`).asksOfficial).toBe(false);
    expect(classifyMention(`https://${'a.'.repeat(1990)}`).asksOfficial).toBe(false);
    expect(classifyMention(`${'x.'.repeat(1900)}example is this legit?`).asksOfficial).toBe(true);
  });
});
