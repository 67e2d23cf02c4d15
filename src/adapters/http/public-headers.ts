import type { MiddlewareHandler } from 'hono';

/** The page's whole policy: its own stylesheet and images, forms to itself, no scripts, no framing. */
export const PUBLIC_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'";

/**
 * Security headers on every response while the public page is on (the admin API and Bull Board
 * under /admin keep theirs: Bull Board runs scripts). Registered before any route, so health,
 * metrics and not-found answers carry them too. Nothing here sets a cookie, and a cookie set by
 * anything else is removed: the page keeps no state about its visitors.
 */
export function publicHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.req.path === '/admin' || c.req.path.startsWith('/admin/')) return;
    const headers = c.res.headers;
    headers.set('content-security-policy', PUBLIC_CSP);
    headers.set('x-content-type-options', 'nosniff');
    headers.set('referrer-policy', 'no-referrer');
    headers.set('x-frame-options', 'DENY');
    headers.set('cross-origin-opener-policy', 'same-origin');
    headers.delete('set-cookie');
  };
}
