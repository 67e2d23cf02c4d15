/**
 * URLs as they may be shown (logs, metrics labels, /readyz, status, doctor, config, errors): the
 * userinfo and the values of credential-like query (and fragment) parameters become `***`.
 * Pure string surgery, no normalisation: everything else stays exactly as written, so a redacted
 * URL still reads as the configured one. Identifiers (feed ids, Redis keys) are made from the
 * URL as configured, never from this.
 */

export const REDACTED = '***';

/** Parameter names that carry credentials: token, key, secret, password, signature, auth, session, … */
const CREDENTIAL_NAME =
  /(token|secret|passw|pwd|passphrase|api[-_]?key|apikey|access[-_]?key|private[-_]?key|(^|[-_.])key($|[-_.])|signature|(^|[-_.])sig($|[-_.])|auth(?!ors?$)|credential|session|sessid|jwt|bearer|cookie|otp|nonce|^code$|^x-amz-)/i;

/** True when a query parameter of this name holds a credential. */
export function isCredentialName(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    // an invalid escape: judge the name as written
  }
  return CREDENTIAL_NAME.test(decoded);
}

function redactParameters(part: string): string {
  return part
    .split(/([&;])/)
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      return isCredentialName(name) ? `${name}=${REDACTED}` : pair;
    })
    .join('');
}

/** `scheme://userinfo@host…` → `scheme://***@host…`; the userinfo ends at the last `@` before the path (as WHATWG URL and ioredis parse it). */
function redactUserinfo(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (!scheme) return url;
  const start = scheme[0].length;
  const rest = url.slice(start);
  const end = rest.search(/[/?#\\]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  if (at < 0) return url;
  return `${url.slice(0, start)}${REDACTED}@${rest.slice(at + 1)}`;
}

/** One URL (or anything URL-like), redacted. */
export function redactUrl(url: string): string {
  const withoutUser = redactUserinfo(url);
  const hash = withoutUser.indexOf('#');
  const beforeHash = hash < 0 ? withoutUser : withoutUser.slice(0, hash);
  const fragment = hash < 0 ? '' : `#${redactParameters(withoutUser.slice(hash + 1))}`;
  const query = beforeHash.indexOf('?');
  if (query < 0) return `${beforeHash}${fragment}`;
  return `${beforeHash.slice(0, query + 1)}${redactParameters(beforeHash.slice(query + 1))}${fragment}`;
}

/** Every URL inside a free text (an error message, a log line), redacted. */
export function redactUrlsIn(text: string): string {
  // A list (`a,b`) is split where the next URL begins; a comma inside one URL's query stays in it.
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>()]+/gi, (span) =>
    span
      .split(/(?<=,)(?=[a-z][a-z0-9+.-]*:\/\/)/i)
      .map((url) => redactUrl(url))
      .join(''),
  );
}
