import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactUrl, redactUrlsIn } from '../../src/domain/redact-url.ts';

/** Secrets made so that they cannot occur in the rest of the URL by chance. */
const secret = fc.string({ minLength: 6, maxLength: 24, unit: fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789@:!$*~'.split('')) }).map((s) => `Q${s}Z`);
/** As an operator might write it in the userinfo: `@` left raw (WHATWG URL and ioredis take the last `@`), the rest escaped. */
const encoded = (s: string) => s.replace(/[:/?#&=%]/g, (c) => encodeURIComponent(c));
const credentialName = fc.constantFrom('token', 'access_token', 'api_key', 'apiKey', 'key', 'secret', 'client_secret', 'password', 'passwd', 'signature', 'sig', 'X-Amz-Signature', 'auth', 'auth_token', 'Authorization', 'session', 'jwt');
const plainName = fc.constantFrom('page', 'lang', 'format', 'limit', 'category', 'tag', 'author', 'id', 'q', 'sort');
const plainValue = fc.stringMatching(/^[a-z0-9]{1,8}$/);

describe('redactUrl (property)', () => {
  it('no userinfo or credential-like parameter value survives; other parameters stay as written', () => {
    fc.assert(
      fc.property(
        fc.option(fc.tuple(fc.option(secret, { nil: undefined }), secret), { nil: undefined }),
        fc.array(fc.tuple(credentialName, secret), { maxLength: 3 }),
        fc.array(fc.tuple(plainName, plainValue), { maxLength: 3 }),
        fc.boolean(),
        (userinfo, credentials, plain, shuffle) => {
          const user = userinfo === undefined ? '' : `${userinfo[0] === undefined ? '' : encoded(userinfo[0])}:${encoded(userinfo[1])}@`;
          const params = [...credentials.map(([k, v]) => `${k}=${encodeURIComponent(v)}`), ...plain.map(([k, v]) => `${k}=${v}`)];
          if (shuffle) params.reverse();
          const url = `https://${user}feeds.example.org:8443/blog/rss.xml${params.length > 0 ? `?${params.join('&')}` : ''}`;
          const shown = redactUrl(url);
          const secrets = [...(userinfo ?? []), ...credentials.map(([, v]) => v)].filter((s): s is string => s !== undefined);
          for (const s of secrets) {
            expect(shown).not.toContain(s);
            expect(shown).not.toContain(encodeURIComponent(s));
            expect(shown).not.toContain(encoded(s));
          }
          for (const [k, v] of plain) expect(shown).toContain(`${k}=${v}`);
          for (const [k] of credentials) expect(shown).toContain(`${k}=***`);
          expect(shown.startsWith(userinfo === undefined ? 'https://feeds.example.org:8443/blog/rss.xml' : 'https://***@feeds.example.org:8443/blog/rss.xml')).toBe(true);
          expect(redactUrlsIn(`Feed ${url} failed; retrying`)).toBe(`Feed ${shown} failed; retrying`);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a REDIS_URL password with @ in it is hidden whole (the userinfo ends at the last @, as ioredis reads it)', () => {
    expect(redactUrl('redis://:p@ss@w0rd@127.0.0.1:6379')).toBe('redis://***@127.0.0.1:6379');
    expect(redactUrl('rediss://default:p%40ss@redis.example:6380/2')).toBe('rediss://***@redis.example:6380/2');
    expect(redactUrl('https://session.foundation/feed.xml')).toBe('https://session.foundation/feed.xml');
  });
});

describe('redactUrlsIn', () => {
  it('redacts each URL of a comma-separated list (FEED_URLS as `herald config` shows it)', () => {
    expect(redactUrlsIn('https://a.example/rss?tags=x,y&page=2,http://u:pw@b.example/feed?token=t0k')).toBe('https://a.example/rss?tags=x,y&page=2,http://***@b.example/feed?token=***');
  });
});
