import type { Mention } from '../../domain/mention.ts';
import { parseSubject, type Subject } from './parse-subject.ts';

export type { Mention, MentionPost, Reference } from '../../domain/mention.ts';

const LEADING_HANDLES = /^(?:\s*[@＠][\p{L}\p{N}_.@-]+)+/u;
const UNREADABLE: Subject = { kind: 'unverifiable', why: 'unreadable' };

/**
 * Everything a mention points at, most relevant first: each post it replies to or quotes (its
 * author, links and the accounts it names — or "could not be loaded"), then the mention's own
 * links, the handles written in its body, and last the handles in its leading "@a @b" block.
 * The bot itself is never a subject as a mere addressee. A link or handle that cannot be read
 * is kept as unverifiable, never dropped: the answer is the worst verdict over all of them, so
 * one subject Herald cannot check must stop a "yes". Never throws.
 */
export function findSubjects(mention: Mention, self: { handle: string }): Subject[] {
  try {
    return collect(mention, self);
  } catch {
    return [UNREADABLE];
  }
}

function collect(mention: Mention, self: { handle: string }): Subject[] {
  const selfHandle = clean(self.handle);
  const isSelf = (handle: string): boolean => sameAccount(clean(handle), selfHandle);
  const account = (handle: string, id?: string): Subject => accountSubject(mention.platform, handle, id, selfHandle);

  const out: Subject[] = [];
  for (const reference of mention.references ?? []) {
    const ref = reference.post;
    if (ref === undefined) {
      out.push({ kind: 'unverifiable', why: 'missing-post' });
      continue;
    }
    out.push(account(ref.author.handle, ref.author.id));
    out.push(...links(ref.urls), ...textLinks(ref.text, mention.platform));
    out.push(...handlesOf(ref, mention.platform).filter((h) => !isSelf(h)).map((h) => account(h)));
  }
  out.push(...links(mention.urls ?? []), ...textLinks(mention.text, mention.platform));

  const leading = new Set(
    (LEADING_HANDLES.exec(mention.text ?? '')?.[0] ?? '')
      .split(/[@＠\s]+/u)
      .filter((h) => h !== '')
      .map((h) => userPart(clean(h))),
  );
  const others = handlesOf(mention, mention.platform).filter((h) => !isSelf(h));
  const body = others.filter((h) => !leading.has(userPart(clean(h))));
  const addressed = others.filter((h) => leading.has(userPart(clean(h))));
  out.push(...body.map((h) => account(h)), ...addressed.map((h) => account(h)));

  return dedupe(out);
}

const BLUESKY_HANDLE_IN_TEXT = /(?<![\p{L}\p{N}_.@-])[@＠]([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+)/giu;

/**
 * The handles a post names. On Bluesky a mention is a facet (which the adapter resolves); an
 * `@name.domain` written without one is plain text, but it is what the asker reads: a subject too.
 */
function handlesOf(post: { text?: string; mentionedHandles?: string[] }, platform: Mention['platform']): string[] {
  const given = post.mentionedHandles ?? [];
  if (platform !== 'bluesky') return given;
  const written = [...String(post.text ?? '').slice(0, 5000).matchAll(BLUESKY_HANDLE_IN_TEXT)].map((m) => m[1]!);
  return [...given, ...written];
}

function links(urls: readonly string[]): Subject[] {
  return urls.map((u) => parseSubject(u) ?? UNREADABLE);
}

const SCHEME_URL = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>"]+/giu;
const HANDLE = /(?<![\p{L}\p{N}_.-])[@＠][\p{L}\p{N}_.-]+(?:@[\p{L}\p{N}_.:-]+)?/gu;
const BARE_DOMAIN = /(?<![\p{L}\p{N}_.@-])[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?:@[\p{L}\p{N}.:-]+)?(?:[/?#][^\s<>"]*)?/gu;

/**
 * Links written in the text itself, whether or not the platform linked them: a platform's
 * linkifier misses some (a URL with userinfo, an unknown TLD) and links part of others (only the
 * `session.foundation` of `evil.example/?ref=session.foundation`), so what the asker sees is
 * checked too. On X the text carries t.co for every link the entities already give.
 */
function textLinks(text: string, platform: Mention['platform']): Subject[] {
  const raw = String(text ?? '').slice(0, 5000);
  const out: Subject[] = [];
  for (const match of raw.matchAll(SCHEME_URL)) {
    const subject = parseSubject(match[0]);
    if (platform === 'x' && subject?.kind === 'url' && subject.host === 't.co') {
      // A t.co the entities cover; text glued to it (`t.co/abc.evil.example/`) means X linked
      // only part of what the asker wrote, and the rest cannot be checked.
      if (!/^https:\/\/t\.co\/[A-Za-z0-9]+$/u.test(subject.url)) out.push(UNREADABLE);
      continue;
    }
    out.push(subject ?? UNREADABLE);
  }
  const rest = raw.replace(SCHEME_URL, ' ').replace(HANDLE, ' ');
  for (const match of rest.matchAll(BARE_DOMAIN)) {
    const subject = parseSubject(match[0]);
    if (subject !== undefined) out.push(subject);
  }
  return out;
}

/**
 * The subject for an account. On Mastodon every acct is made full before comparing: a local
 * account (no domain) belongs to the bot's own instance, so a local scam account is checked like
 * any other, and the bot's own account is recognised as itself.
 */
function accountSubject(platform: Mention['platform'], handle: string, id: string | undefined, selfHandle: string): Subject {
  const h = String(handle ?? '').trim().replace(/^[@＠]/u, '');
  if (platform === 'bluesky') return blueskySubject(h, id);
  if (platform === 'x') {
    if (h === '') return id === undefined || id === '' ? UNREADABLE : { kind: 'x-account', handle: '', id };
    const parsed = parseSubject(`@${h}`);
    if (parsed?.kind !== 'x-account') return UNREADABLE;
    return id === undefined || id === '' ? parsed : { ...parsed, id };
  }
  const instance = selfHandle.includes('@') ? selfHandle.slice(selfHandle.indexOf('@') + 1) : undefined;
  const acct = h.includes('@') ? h : instance === undefined ? undefined : `${h}@${instance}`;
  const parsed = acct === undefined ? undefined : parseSubject(`@${acct}`);
  return parsed?.kind === 'mastodon-account' ? parsed : UNREADABLE;
}

/**
 * On Bluesky an account is its DID; the handle is what it shows. The adapter gives handles, or the
 * bare DID of an account whose handle it could not read (checked by DID only: official only if an
 * official account's).
 */
function blueskySubject(handle: string, id: string | undefined): Subject {
  const did = id === undefined || id === '' ? undefined : id;
  if (handle === '' || handle.startsWith('did:')) {
    const only = handle === '' ? did : handle;
    return only === undefined ? UNREADABLE : { kind: 'bluesky-account', handle: '', did: only };
  }
  const parsed = parseSubject(`@${handle}`);
  if (parsed?.kind !== 'bluesky-account') return UNREADABLE;
  return did === undefined ? parsed : { ...parsed, did };
}

function clean(handle: string): string {
  return String(handle ?? '').trim().replace(/^[@＠]/u, '').toLowerCase();
}

function userPart(handle: string): string {
  const at = handle.indexOf('@');
  return at === -1 ? handle : handle.slice(0, at);
}

/** `user` and `user@instance` name the same account unless both carry different instances. */
function sameAccount(a: string, b: string): boolean {
  if (a === b) return true;
  if (userPart(a) !== userPart(b)) return false;
  return !a.includes('@') || !b.includes('@');
}

function dedupe(subjects: readonly Subject[]): Subject[] {
  const seen = new Set<string>();
  const out: Subject[] = [];
  for (const s of subjects) {
    const k = identity(s);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(s);
  }
  return out;
}

function identity(s: Subject): string {
  switch (s.kind) {
    case 'x-account':
      return s.handle === '' ? `x-id:${s.id ?? ''}` : `x:${s.handle.toLowerCase()}:${s.url ?? ''}`;
    case 'mastodon-account':
      return `m:${s.acct.toLowerCase()}:${s.url ?? ''}`;
    case 'bluesky-account':
      return `b:${s.handle.toLowerCase()}:${s.did ?? ''}:${s.url ?? ''}`;
    case 'url':
      return `u:${s.url}`;
    case 'domain':
      return `d:${s.domain}`;
    case 'app':
      return `a:${s.store}:${s.id}`;
    case 'unverifiable':
      return `?:${s.why}`;
  }
}
