import { parseSubject, type Subject } from './parse-subject.ts';

export { worstVerdict } from './worst-verdict.ts';

/** A post as the platform adapters hand it over (ids and handles as the platform gives them). */
export interface MentionPost {
  id: string;
  text: string;
  /** On Mastodon `handle` is the acct: `user@instance`, or `user` for the bot's own instance. */
  author: { id: string; handle: string };
  /** Links in the post, already expanded (no t.co). */
  urls: string[];
  /** Handles mentioned in the post, with or without the leading `@`. */
  mentionedHandles: string[];
}

/** A post that mentions the bot, with the post it replies to or quotes, if any. */
export interface Mention extends MentionPost {
  platform: 'x' | 'mastodon';
  referenced?: MentionPost;
}

/** Platform links that are pages of the platform itself rather than a subject. */
const PLATFORM_HOSTS = new Set(['x.com', 'twitter.com', 'www.x.com', 'www.twitter.com', 'mobile.twitter.com', 't.co']);
const LEADING_HANDLES = /^(?:\s*[@＠][\p{L}\p{N}_.@-]+)+/u;

/**
 * What a mention asks about, most relevant first.
 *
 * When the mention replies to or quotes a post, that post is the question: its author first,
 * then its links, then accounts it names. Then the mention's own links, the handles written in
 * its body, and last the handles in its leading "@a @b" block, which usually only address
 * people (the asker tags the bot and official accounts there). The bot itself is never a
 * subject as a mere addressee. Callers answer about the first subject, or about all of them via
 * `worstVerdict`. Never throws.
 */
export function findSubjects(mention: Mention, self: { handle: string }): Subject[] {
  try {
    return collect(mention, self);
  } catch {
    return [];
  }
}

function collect(mention: Mention, self: { handle: string }): Subject[] {
  const selfHandle = clean(self.handle);
  const botInstance = selfHandle.includes('@') ? selfHandle.slice(selfHandle.indexOf('@') + 1) : undefined;
  const isSelf = (handle: string): boolean => sameAccount(clean(handle), selfHandle);
  const account = (handle: string, id?: string): Subject | undefined =>
    accountSubject(mention.platform, handle, id, botInstance);

  const out: Array<Subject | undefined> = [];
  const ref = mention.referenced;
  if (ref !== undefined) {
    out.push(account(ref.author.handle, ref.author.id));
    out.push(...links(ref.urls));
    out.push(...ref.mentionedHandles.filter((h) => !isSelf(h)).map((h) => account(h)));
  }
  out.push(...links(mention.urls));

  const leading = new Set(
    (LEADING_HANDLES.exec(mention.text)?.[0] ?? '')
      .split(/[@＠\s]+/u)
      .filter((h) => h !== '')
      .map((h) => userPart(clean(h))),
  );
  const others = mention.mentionedHandles.filter((h) => !isSelf(h));
  const body = others.filter((h) => !leading.has(userPart(clean(h))));
  const addressed = others.filter((h) => leading.has(userPart(clean(h))));
  out.push(...body.map((h) => account(h)), ...addressed.map((h) => account(h)));

  return dedupe(out);
}

function links(urls: readonly string[]): Array<Subject | undefined> {
  return urls.map((u) => {
    const subject = parseSubject(u);
    if (subject?.kind === 'url' && PLATFORM_HOSTS.has(subject.host)) return undefined;
    return subject;
  });
}

function accountSubject(
  platform: Mention['platform'],
  handle: string,
  id: string | undefined,
  botInstance: string | undefined,
): Subject | undefined {
  const h = String(handle).trim().replace(/^[@＠]/u, '');
  if (platform === 'x') {
    const parsed = parseSubject(`@${h}`);
    if (parsed?.kind !== 'x-account') return undefined;
    return id === undefined || id === '' ? parsed : { ...parsed, id };
  }
  const acct = h.includes('@') ? h : botInstance === undefined ? undefined : `${h}@${botInstance}`;
  if (acct === undefined) return undefined;
  const parsed = parseSubject(`@${acct}`);
  return parsed?.kind === 'mastodon-account' ? parsed : undefined;
}

function clean(handle: string): string {
  return String(handle).trim().replace(/^[@＠]/u, '').toLowerCase();
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

function dedupe(subjects: ReadonlyArray<Subject | undefined>): Subject[] {
  const seen = new Set<string>();
  const out: Subject[] = [];
  for (const s of subjects) {
    if (s === undefined) continue;
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
      return `x:${s.handle.toLowerCase()}`;
    case 'mastodon-account':
      return `m:${s.acct.toLowerCase()}`;
    case 'url':
      return `u:${s.url}`;
    case 'domain':
      return `d:${s.domain}`;
    case 'app':
      return `a:${s.store}:${s.id}`;
  }
}
