import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { Config } from '../../../config/load-config.ts';
import { PUBLIC_PAGE_TEXT } from '../../../config/public-page-text.ts';
import { type CheckAnswer, checkInput, MAX_CHECK_INPUT_BYTES } from '../../core/public/check-input.ts';
import { listAnnouncements } from '../../core/public/list-announcements.ts';
import { pickLanguage } from '../../core/public/pick-language.ts';
import type { Stores } from '../../ports/stores.ts';
import { clientAddress } from './client-address.ts';
import { atomFeed, jsonFeed, sendFeed } from './public-feeds.ts';
import { publicHeaders } from './public-headers.ts';
import { PUBLIC_STYLESHEET } from './public-stylesheet.ts';
import { renderCheckPage } from './render-check-page.ts';
import { renderFrontPage } from './render-front-page.ts';
import { type Fragment, type PageFrame, renderPage } from './render-layout.ts';

export interface PublicDeps {
  config: Pick<Config, 'publicPage' | 'officialChannels'> & { x: Pick<Config['x'], 'baseUrl'> };
  stores: Pick<Stores, 'items' | 'ledger' | 'rateLimits'>;
  /** Reports a failure behind a 503 (logged without the visitor's input). */
  onError?: (error: Error) => void;
}

const PER_PAGE = 20;
const FEED_SIZE = 50;
const LANGUAGES = Object.keys(PUBLIC_PAGE_TEXT);

/**
 * The public "is this official?" page (PUBLIC_PAGE=true): `/`, `/check`, `/official.atom`,
 * `/official.json` and `/public.css`. Server-rendered, no script, no cookie, no redirect; every
 * value from a feed or a visitor is escaped by hono's `html`. The check's input is capped at
 * 2 kB (413) and rate-limited per client address (429 with Retry-After). Mount it before any
 * other route: its security headers then go on every response but /admin's.
 */
export function mountPublicRoutes(app: Hono, deps: PublicDeps): void {
  const { config, stores } = deps;
  const frame: PageFrame = { base: config.publicPage.baseUrl ?? '', channels: config.officialChannels };
  const listDeps = { items: stores.items, ledger: stores.ledger, xApiBaseUrl: config.x.baseUrl };
  const checkDeps = { channels: config.officialChannels, ledger: stores.ledger, items: stores.items, xApiBaseUrl: config.x.baseUrl };
  const bucket = { capacity: config.publicPage.checkBurst, refillPerSecond: config.publicPage.checkPerMinute / 60 };
  app.use('*', publicHeaders());
  const unavailable = (c: Context, error: unknown) => {
    deps.onError?.(error instanceof Error ? error : new Error(String(error)));
    return page(c, frame, 503, 'Herald cannot answer right now', 'Please try again in a minute.', { 'retry-after': '30' });
  };

  app.get('/public.css', (c) => c.body(PUBLIC_STYLESHEET, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }));

  app.get('/', async (c) => {
    const asked = c.req.query('page') ?? '1';
    const number = /^\d{1,6}$/u.test(asked) ? Math.max(1, Number(asked)) : 1;
    try {
      const list = await listAnnouncements(listDeps, number, PER_PAGE);
      return c.html(renderFrontPage(frame, list), 200, { 'cache-control': 'public, max-age=60' });
    } catch (error) {
      return unavailable(c, error);
    }
  });

  app.get('/check', async (c) => {
    const input = c.req.query('q') ?? '';
    const langParam = boundedParam(c.req.query('lang'));
    const lang = pickLanguage(langParam, c.req.header('accept-language'), LANGUAGES);
    const headers = { 'cache-control': 'no-store', vary: 'Accept-Language' };
    if (Buffer.byteLength(input, 'utf8') > MAX_CHECK_INPUT_BYTES) {
      return page(c, frame, 413, 'Too long to check', `Paste one link, handle or post URL, at most ${MAX_CHECK_INPUT_BYTES / 1024} kB.`, headers);
    }
    try {
      let answer: CheckAnswer = { kind: 'empty' };
      if (input.trim() !== '') {
        const allowed = await stores.rateLimits.take(`check:${clientAddress(c, config.publicPage.proxyHops)}`, bucket);
        if (!allowed.allowed) {
          const seconds = String(Math.max(1, Math.ceil(allowed.retryAfterMs / 1000)));
          return page(c, frame, 429, 'Too many checks', `Please wait ${seconds} seconds and try again.`, { ...headers, 'retry-after': seconds });
        }
        answer = await checkInput(input, checkDeps);
      }
      return c.html(renderCheckPage(frame, { lang, langParam: langParam === lang ? langParam : undefined, input, answer }), 200, headers);
    } catch (error) {
      return unavailable(c, error);
    }
  });

  app.get('/official.json', async (c) => {
    const list = await listAnnouncements(listDeps, 1, FEED_SIZE);
    return sendFeed(c, jsonFeed(list.announcements, config.publicPage.baseUrl), 'application/feed+json; charset=utf-8');
  });
  app.get('/official.atom', async (c) => {
    const list = await listAnnouncements(listDeps, 1, FEED_SIZE);
    return sendFeed(c, atomFeed(list.announcements, config.publicPage.baseUrl), 'application/atom+xml; charset=utf-8');
  });
}

/** A query parameter worth reading: short, or nothing. */
function boundedParam(value: string | undefined): string | undefined {
  return value !== undefined && value.length <= 16 ? value : undefined;
}

/** A short page with a heading and one sentence (errors, limits), in the site's frame. */
function page(c: Context, frame: PageFrame, status: 413 | 429 | 503, heading: string, sentence: string, headers: Record<string, string>): Response | Promise<Response> {
  const body: Fragment = renderPage(frame, {
    title: `${heading} — Session Technology Foundation`,
    lang: 'en',
    current: 'other',
    body: renderNotice(heading, sentence, frame.base),
  });
  return c.html(body, status, headers);
}

function renderNotice(heading: string, sentence: string, base: string): Fragment {
  return html`<h1>${heading}</h1><p class="notice">${sentence}</p><p><a href="${base}/check">Back to the check</a> · <a href="${base}/">Official announcements</a></p>`;
}
