/**
 * How Bluesky posts are named outside the adapter. Job and ledger ids must not contain ":"
 * (BullMQ), and an AT-URI is full of them, so a post Herald answers is named by
 * `<percent-encoded DID>/<record key>`; the post's own AT-URI is kept as its remote id.
 */
const POST_COLLECTION = 'app.bsky.feed.post';
const AT_POST = /^at:\/\/(did:[a-z]+:[A-Za-z0-9._:%-]+)\/app\.bsky\.feed\.post\/([A-Za-z0-9._~:-]{1,512})$/;

export interface PostAddress {
  did: string;
  rkey: string;
}

/** The parts of a post's AT-URI (`at://<did>/app.bsky.feed.post/<rkey>`), or undefined. */
export function parsePostUri(uri: string): PostAddress | undefined {
  const m = AT_POST.exec(uri);
  return m === null ? undefined : { did: m[1]!, rkey: m[2]! };
}

export function postUri(address: PostAddress): string {
  return `at://${address.did}/${POST_COLLECTION}/${address.rkey}`;
}

/** The id a mention is answered under (no ":"): `did%3Aplc%3Aabc/3k…`. */
export function replyIdOf(uri: string): string {
  const address = parsePostUri(uri);
  if (address === undefined) throw new Error(`not a Bluesky post URI: ${uri.slice(0, 200)}`);
  return `${encodeURIComponent(address.did)}/${address.rkey}`;
}

/** The AT-URI back from a reply id. */
export function uriOfReplyId(id: string): string | undefined {
  const slash = id.lastIndexOf('/');
  if (slash <= 0) return undefined;
  try {
    const uri = postUri({ did: decodeURIComponent(id.slice(0, slash)), rkey: id.slice(slash + 1) });
    return parsePostUri(uri) === undefined ? undefined : uri;
  } catch {
    return undefined;
  }
}

/** Where a person sees the post (the DID form: it survives handle changes). */
export function postUrl(address: PostAddress): string {
  return `https://bsky.app/profile/${address.did}/post/${address.rkey}`;
}

export { POST_COLLECTION };
