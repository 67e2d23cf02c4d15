import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Clock } from '../../ports/clock.ts';

/**
 * A browser's way into Bull Board: a small login page takes the admin token and sets a session
 * cookie (`Secure; HttpOnly; SameSite=Strict`, 12 hours) that opens `/admin/queues` for reading
 * (GET) and nothing else; or HTTP Basic with the token as the password, on every admin route.
 * The cookie holds an expiry and an HMAC keyed with the token, never the token itself.
 */

const COOKIE = 'herald_admin';
const SESSION_MS = 12 * 3_600_000;
const digest = (value: string) => createHash('sha256').update(value).digest();
const sameSecret = (presented: string, token: string) => timingSafeEqual(digest(presented), digest(token));
const signature = (token: string, expires: number) => createHmac('sha256', token).update(`herald-admin-session:${expires}`).digest('hex');

/** `Authorization: Basic base64(<any user>:<token>)`, compared in constant time. */
export function basicMatches(header: string | undefined, token: string): boolean {
  const encoded = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '')?.[1];
  if (encoded === undefined) return false;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && sameSecret(decoded.slice(colon + 1), token);
}

/** A session cookie that opens Bull Board: read-only requests under /admin/queues, before it expires. */
export function sessionOpens(c: Context, token: string, clock: Clock): boolean {
  if (!(c.req.method === 'GET' || c.req.method === 'HEAD') || !/^\/admin\/queues(\/|$)/.test(c.req.path)) return false;
  const [expires, signed] = (getCookie(c, COOKIE) ?? '').split('.');
  const until = Number(expires);
  if (!Number.isSafeInteger(until) || until <= clock.now() || signed === undefined) return false;
  return sameSecret(signed, signature(token, until));
}

/** A browser asking for a page (not a script asking for JSON). */
export const wantsPage = (c: Context) => (c.req.header('accept') ?? '').includes('text/html');

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function loginPage(message?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Herald admin</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}input{width:100%;padding:.5rem;margin:.5rem 0;box-sizing:border-box}button{padding:.5rem 1rem}p.error{color:#b00020}small{color:#555}</style>
</head><body>
<h1>Herald admin</h1>
${message ? `<p class="error">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/admin/login">
<label for="token">Admin token (ADMIN_TOKEN)</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Open the queues dashboard</button>
</form>
<p><small>The session lasts 12 hours and only shows the queues. Browsers keep its Secure cookie over HTTPS and on
localhost only; elsewhere, put Herald behind HTTPS or use HTTP Basic (any user name, the token as password).</small></p>
</body></html>`;
}

const PAGE_HEADERS = { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'", 'cache-control': 'no-store' };

/** GET /admin/login (the form), POST /admin/login (sets the cookie, then Bull Board), POST /admin/logout. */
export function mountAdminLogin(app: Hono, token: string, clock: Clock): void {
  app.get('/admin/login', (c) => c.html(loginPage(), 200, PAGE_HEADERS));
  app.post('/admin/login', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const presented = typeof form.token === 'string' ? form.token : '';
    if (!sameSecret(presented, token)) return c.html(loginPage('That is not the admin token.'), 401, PAGE_HEADERS);
    const expires = clock.now() + SESSION_MS;
    setCookie(c, COOKIE, `${expires}.${signature(token, expires)}`, { path: '/admin', secure: true, httpOnly: true, sameSite: 'Strict', maxAge: SESSION_MS / 1000 });
    return c.redirect('/admin/queues', 303);
  });
  app.post('/admin/logout', (c) => {
    setCookie(c, COOKIE, '', { path: '/admin', secure: true, httpOnly: true, sameSite: 'Strict', maxAge: 0 });
    return c.redirect('/admin/login', 303);
  });
}
