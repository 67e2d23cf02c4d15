import type { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/adapters/http/create-http-app.ts';
import { PUBLIC_CSP } from '../../src/adapters/http/public-headers.ts';
import { mountPublicRoutes } from '../../src/adapters/http/public-routes.ts';
import type { Item } from '../../src/domain/item.ts';
import { markPosted } from '../../src/domain/ledger-entry.ts';
import { type CoreWorld, coreWorld } from '../helpers/core-world.ts';

const MASTODON_POST = 'https://mastodon.social/@session/110000000000000001';

const item = (n: number, overrides: Partial<Item> = {}): Item => ({
  id: `00000000000000b${n}`,
  identity: `https://session.foundation/blog/public-${n}`,
  title: `Public post ${n}`,
  link: `https://session.foundation/blog/public-${n}`,
  feedUrl: 'https://session.foundation/rss.xml',
  publishedAt: `2026-0${n}-15T00:00:00.000Z`,
  firstSeenAt: new Date().toISOString(),
  status: 'announced',
  ...overrides,
});

/** A visitor: `address` is the socket's peer, as @hono/node-server passes it. */
const visitor = (address = '203.0.113.7') => ({ incoming: { socket: { remoteAddress: address } } });

describe('the public page, without a socket', () => {
  let world: CoreWorld;
  let app: Hono;
  const get = (path: string, headers: Record<string, string> = {}, address?: string) => app.request(path, { headers }, visitor(address));
  const check = async (q: string, headers: Record<string, string> = {}) => {
    const res = await get(`/check?q=${encodeURIComponent(q)}`, headers);
    expect(res.status).toBe(200);
    return res.text();
  };
  const verdictClass = (page: string) => /class="verdict v-([a-z-]+)"/.exec(page)?.[1];
  const vouches = (page: string) => ['official', 'announcement', 'official-account', 'retracted'].includes(verdictClass(page) ?? 'none');

  const build = async (env: Record<string, string> = {}) => {
    world = coreWorld({ PUBLIC_PAGE: 'true', PUBLIC_CHECK_BURST: '50', ...env });
    app = await createHttpApp({
      readiness: async () => ({ ready: true, detail: {} }) as never,
      metrics: world.metrics,
      refreshGauges: async () => undefined,
      before: async (hono) => mountPublicRoutes(hono, { config: world.config, stores: world.stores }),
    });
    const announced = [item(1), item(2, { title: 'Protocol <script>alert(1)</script> & <img src=x onerror=alert(2)>' }), item(3)];
    await world.stores.items.record([...announced, item(4, { status: 'held' })].map((i) => ({ item: i, normalisedLink: i.link })));
    await world.stores.ledger.set(item(1).id, 'x', markPosted('t', { remoteId: '1790000000000000001', url: 'https://x.com/i/status/1790000000000000001' }, 1));
    await world.stores.ledger.set(item(1).id, 'mastodon', markPosted('t', { remoteId: '110000000000000001', url: MASTODON_POST }, 1));
    await world.stores.ledger.set(item(3).id, 'x', { ...markPosted('t', { remoteId: '1790000000000000003' }, 1), state: 'retracted' as never });
    await world.stores.ledger.set('reply-42', 'x', markPosted('t', { remoteId: '1790000000000000042' }, 1));
  };
  beforeEach(() => build());

  it('lists the announcements newest first with their canonical links and the posts Herald made', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=UTF-8/i);
    const page = await res.text();
    const order = [3, 2, 1].map((n) => page.indexOf(`href="${item(n).link}"`));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(page).toContain('href="https://x.com/i/status/1790000000000000001"');
    expect(page).toContain(`href="${MASTODON_POST}"`);
    expect(page).toMatch(/1790000000000000003"[^<]*>Post on X<\/a> <span class="tag">retracted<\/span>/);
    expect(page).not.toContain(item(4).link);
    expect(page).toContain('<link rel="me" href="https://x.com/SessionTechFND">');
    expect(page).toContain('<link rel="me" href="https://mastodon.social/@session">');
    expect(page).toMatch(/Official channels[\s\S]*getsession\.org[\s\S]*session\.foundation/);
  });

  it('escapes what feeds wrote: a title with markup is text, in the page and in both feeds', async () => {
    const page = await (await get('/')).text();
    expect(page).toContain('Protocol &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;');
    expect(page).not.toMatch(/<script|<img/i);
    const atom = await (await get('/official.atom')).text();
    expect(atom).toContain('Protocol &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img');
    expect(atom).not.toMatch(/<script|<img/i);
    const json = (await (await get('/official.json')).json()) as { items: Array<{ title: string }> };
    expect(json.items.map((i) => i.title)).toContain('Protocol <script>alert(1)</script> & <img src=x onerror=alert(2)>');
  });

  it('links only to http(s) addresses, whatever the stored data says', async () => {
    const bad = item(5, { link: 'javascript:alert(1)', title: 'Stored before the feed checks' });
    await world.stores.items.record([{ item: bad, normalisedLink: bad.link }]);
    await world.stores.ledger.set(bad.id, 'mastodon', markPosted('t', { remoteId: '9', url: 'javascript:alert(2)' }, 1));
    const page = await (await get('/')).text();
    expect(page).toContain('Stored before the feed checks');
    expect(page).not.toMatch(/href="javascript:/i);
  });

  it('puts the CSP and no cookie on every response, the JSON and errors included', async () => {
    for (const path of ['/', '/?page=2', '/check', '/check?q=getsession.org', '/official.atom', '/official.json', '/public.css', '/healthz', '/nothing-here']) {
      const res = await get(path);
      expect(res.headers.get('content-security-policy'), path).toBe(PUBLIC_CSP);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('set-cookie'), path).toBeNull();
    }
    expect(PUBLIC_CSP).toBe("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'");
    const page = await (await get('/check')).text();
    expect(page).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
  });

  it('shows the input back as text, with invisible and control characters made visible', async () => {
    const page = await check('"><script>alert(1)</script>\u202Egro.noisseteg\u0000');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\uFFFDgro.noisseteg\uFFFD"');
    expect(page).toContain('<code dir="ltr">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\uFFFDgro.noisseteg\uFFFD</code>');
    expect(page).not.toMatch(/[\u0000\u202E]/u);
  });

  it('never redirects, whatever is asked', async () => {
    for (const path of ['/check?q=https://evil.example/', '//evil.example', '/check?q=%2F%2Fevil.example&lang=../../x', '/?page=https://evil.example', '/check/']) {
      const res = await get(path);
      expect(res.status >= 300 && res.status < 400, path).toBe(false);
      expect(res.headers.get('location'), path).toBeNull();
    }
  });

  it('answers links and handles exactly as herald verify does', async () => {
    expect(verdictClass(await check('https://getsession.org/download'))).toBe('official');
    const lookalike = await check('getsession-airdrop.com');
    expect(verdictClass(lookalike)).toBe('lookalike');
    expect(lookalike).toContain('This looks like an impersonation of getsession.org.');
    expect(lookalike).toContain('<span lang="en">official name combined with a bait word');
    expect(verdictClass(await check('https://getsession.org@evil.example/'))).toBe('lookalike');
    expect(verdictClass(await check('https://bit.ly/3xYz'))).toBe('unsure');
    expect(verdictClass(await check('github.com/oxen-io'))).toBe('former');
    expect(verdictClass(await check('@SessionTechFND'))).toBe('official');
    expect(verdictClass(await check('example.com'))).toBe('unofficial');
  });

  it('names an announcement from its post URL, and never calls anything else one', async () => {
    const onX = await check('https://x.com/SessionTechFND/status/1790000000000000001');
    expect(verdictClass(onX)).toBe('announcement');
    expect(onX).toContain('This is the official announcement of “Public post 1”, posted 2026-01-15.');
    expect(verdictClass(await check('x.com/i/status/1790000000000000001'))).toBe('announcement');
    expect(verdictClass(await check(MASTODON_POST))).toBe('announcement');
    expect(verdictClass(await check('https://x.com/SessionTechFND/status/1790000000000000003'))).toBe('retracted');
    // Herald's own reply: an official account's post, not an announcement.
    expect(verdictClass(await check('https://x.com/SessionTechFND/status/1790000000000000042'))).toBe('official-account');
    // An official account's post Herald did not make.
    const other = await check('https://x.com/SessionTechFND/status/1234567890');
    expect(verdictClass(other)).toBe('official-account');
    expect(other).toContain('This is from an official account, but not an announcement.');
    // A stranger's post; the announcement's id under a stranger's or a lookalike's name; another server.
    expect(verdictClass(await check('https://x.com/randomperson/status/1234567890'))).toBe('unofficial');
    expect(verdictClass(await check('https://x.com/randomperson/status/1790000000000000001'))).toBe('unofficial');
    expect(verdictClass(await check('https://x.com/SessionTechFDN/status/1790000000000000001'))).toBe('lookalike');
    expect(vouches(await check('https://mastodon.example/@session/110000000000000001'))).toBe(false);
    expect(vouches(await check('https://mastodon.social/@someone/110000000000000001'))).toBe(false);
    // URL tricks around an announcement's own address.
    expect(verdictClass(await check('https://x.com@evil.example/SessionTechFND/status/1790000000000000001'))).toBe('lookalike');
    expect(verdictClass(await check('https://evil.example/x.com/SessionTechFND/status/1790000000000000001'))).toBe('lookalike');
    expect(vouches(await check('https://x.com.evil.example/SessionTechFND/status/1790000000000000001'))).toBe(false);
  });

  it('speaks the language asked for with ?lang= or Accept-Language, English otherwise', async () => {
    expect(await check('getsession-airdrop.com', { 'accept-language': 'fr-CH, de;q=0.5' })).toContain('Cela ressemble à une usurpation de getsession.org.');
    const german = await (await get('/check?lang=de&q=getsession-airdrop.com', { 'accept-language': 'fr' })).text();
    expect(german).toContain('Das sieht nach einer Nachahmung von getsession.org aus.');
    expect(german).toContain('<input type="hidden" name="lang" value="de">');
    expect(await check('getsession-airdrop.com', { 'accept-language': 'xx, tlh;q=0.9' })).toContain('This looks like an impersonation of getsession.org.');
  });

  it('lays Arabic out right to left, with the names it inserts isolated; other languages stay as they were', async () => {
    const arabic = await check('getsession-airdrop.com', { 'accept-language': 'ar-EG' });
    expect(arabic).toContain('<html lang="ar" dir="rtl">');
    expect(arabic).toContain('يبدو أن هذا انتحال لهوية \u2066getsession.org\u2069.');
    const announcement = await (await get('/check?lang=ar&q=https://x.com/SessionTechFND/status/1790000000000000001')).text();
    expect(announcement).toContain('هذا هو الإعلان الرسمي «\u2068Public post 1\u2069»، المنشور بتاريخ \u20662026-01-15\u2069.');
    // Positive control: a left-to-right page carries no direction and no isolates.
    const korean = await check('getsession-airdrop.com', { 'accept-language': 'ko' });
    expect(korean).toContain('<html lang="ko">');
    expect(korean).toContain('getsession.org 사칭으로 보입니다.');
    expect(korean).not.toMatch(/[\u2066-\u2069]/u);
  });

  it('refuses input over 2 kB with 413, and takes 2 kB', async () => {
    const at = 'https://example.com/'.padEnd(2048, 'a');
    expect((await get(`/check?q=${encodeURIComponent(at)}`)).status).toBe(200);
    const over = await get(`/check?q=${encodeURIComponent(`${at}a`)}`);
    expect(over.status).toBe(413);
    expect(over.headers.get('content-security-policy')).toBe(PUBLIC_CSP);
  });

  it('serves the feeds for mirroring: open CORS, an ETag, 304 when unchanged', async () => {
    for (const [path, type] of [['/official.json', /^application\/feed\+json/], ['/official.atom', /^application\/atom\+xml/]] as const) {
      const res = await get(path);
      expect(res.headers.get('content-type')).toMatch(type);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const etag = res.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await get(path, { 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect((await get(path, { 'if-none-match': '"other"' })).status).toBe(200);
    }
    const json = (await (await get('/official.json')).json()) as { items: Array<{ url: string; _herald: { posts: unknown[] } }> };
    expect(json.items[2]).toMatchObject({ url: item(1).link, _herald: { posts: [{ platform: 'x', url: 'https://x.com/i/status/1790000000000000001', retracted: false }, { platform: 'mastodon', url: MASTODON_POST, retracted: false }] } });
  });
});

describe('the public page behind a proxy (PUBLIC_BASE_URL)', () => {
  it('makes every link of the page and the feeds absolute under the base URL', async () => {
    const world = coreWorld({ PUBLIC_PAGE: 'true', PUBLIC_BASE_URL: 'https://herald.session.example/public/' });
    const app = await createHttpApp({
      readiness: async () => ({ ready: true, detail: {} }) as never,
      metrics: world.metrics,
      refreshGauges: async () => undefined,
      before: async (hono) => mountPublicRoutes(hono, { config: world.config, stores: world.stores }),
    });
    const page = await (await app.request('/check', {}, visitor())).text();
    expect(page).toContain('<link rel="stylesheet" href="https://herald.session.example/public/public.css">');
    expect(page).toContain('action="https://herald.session.example/public/check"');
    const internal = [...page.matchAll(/(?:href|action)="([^"]+)"/g)].map((m) => m[1]!).filter((h) => !/^https:\/\/(x\.com|mastodon\.social|github\.com|apps\.apple|play\.google|getsession|session\.foundation|fdroid)/.test(h));
    expect(internal.length).toBeGreaterThan(5);
    expect(internal.every((h) => h.startsWith('https://herald.session.example/public/') || h === '#main')).toBe(true);
    const atom = await (await app.request('/official.atom', {}, visitor())).text();
    expect(atom).toContain('<link rel="self" href="https://herald.session.example/public/official.atom"/>');
    const json = (await (await app.request('/official.json', {}, visitor())).json()) as Record<string, unknown>;
    expect(json.feed_url).toBe('https://herald.session.example/public/official.json');
  });
});

describe('the public check rate limit', () => {
  it('answers 429 with Retry-After after the burst, per client address', async () => {
    const world = coreWorld({ PUBLIC_PAGE: 'true', PUBLIC_CHECK_BURST: '3', PUBLIC_CHECK_PER_MINUTE: '6' });
    const app = await createHttpApp({
      readiness: async () => ({ ready: true, detail: {} }) as never,
      metrics: world.metrics,
      refreshGauges: async () => undefined,
      before: async (hono) => mountPublicRoutes(hono, { config: world.config, stores: world.stores }),
    });
    // A forged X-Forwarded-For changes nothing while no proxy is trusted.
    const ask = (address: string, forwarded = `198.51.100.${Math.floor(Math.random() * 200)}`) =>
      app.request('/check?q=getsession.org', { headers: { 'x-forwarded-for': forwarded } }, visitor(address));
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await ask('203.0.113.9')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await ask('203.0.113.9');
    expect(limited.headers.get('retry-after')).toBe('10');
    expect(limited.headers.get('content-security-policy')).toBe(PUBLIC_CSP);
    expect((await ask('203.0.113.10')).status).toBe(200);
    // One IPv6 subscriber's /64 is one client.
    for (let i = 0; i < 3; i++) expect((await ask(`2001:db8:1:2::${i + 1}`)).status).toBe(200);
    expect((await ask('2001:db8:1:2:ffff::9')).status).toBe(429);
    // Loading the page and the form costs nothing.
    expect((await app.request('/check', {}, visitor('203.0.113.9'))).status).toBe(200);
    world.clock.advance(10_000);
    expect((await ask('203.0.113.9')).status).toBe(200);
  });
});
