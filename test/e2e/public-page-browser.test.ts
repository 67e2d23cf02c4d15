/**
 * The public page in a real browser (Chromium from Debian, driven by playwright-core) against a
 * running Herald with the fake feed, X and Mastodon. Screenshots at 375 px and 1280 px go to
 * test-artifacts/public-page/ (git-ignored).
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rss } from '../fakes/feed-builders.ts';
import { type FakeWorld, startFakeWorld } from '../helpers/fake-world.ts';
import { type Chromium, launchChromium } from '../helpers/launch-chromium.ts';
import { type HeraldProcess, spawnHerald } from '../helpers/spawn-herald.ts';
import { waitFor } from '../helpers/wait-for.ts';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/public-page/', import.meta.url));
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'";
const HOSTILE = '<script>alert(1)</script> Update <img src=x onerror=alert(2)>';
const posts = [
  { title: 'Session Protocol V2: PFS, PQ and more', link: 'https://session.foundation/blog/protocol-v2' },
  // Written escaped twice in the XML, as a feed carrying markup as text would: the title is the markup.
  { title: HOSTILE.replaceAll('<', '&lt;').replaceAll('>', '&gt;'), link: 'https://session.foundation/blog/hostile-title' },
  { title: 'Network update', link: 'https://session.foundation/blog/network-update' },
];

describe('the public page in Chromium, against a running Herald', () => {
  let world: FakeWorld;
  let herald: HeraldProcess;
  let browser: Chromium;
  let base: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    world = await startFakeWorld();
    world.feed.setFeed('/rss.xml', rss([{ title: 'Already there', link: 'https://session.foundation/blog/old', pubDate: new Date() }]));
    herald = spawnHerald(['start'], world.env({ PUBLIC_PAGE: 'true', PUBLIC_CHECK_BURST: '12', PUBLIC_CHECK_PER_MINUTE: '1', LOG_LEVEL: 'info' }));
    [browser, base] = await Promise.all([launchChromium(), herald.port().then((port) => `http://127.0.0.1:${port}`)]);
    await world.feed.waitForRequests('/rss.xml', 1, 10_000);
    world.feed.setFeed('/rss.xml', rss([...posts.map((p) => ({ ...p, pubDate: new Date() })), { title: 'Already there', link: 'https://session.foundation/blog/old', pubDate: new Date() }]));
    await waitFor(
      async () => {
        const feed = (await (await fetch(`${base}/official.json`)).json()) as { items: Array<{ _herald: { posts: unknown[] } }> };
        return feed.items.length === 3 && feed.items.every((i) => i._herald.posts.length === 2);
      },
      'three announcements posted on X and Mastodon',
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    browser.context.on('page', (page) =>
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      }),
    );
    await mkdir(ARTIFACTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    herald?.child.kill('SIGKILL');
    await herald?.exited;
    await world?.close();
  });

  const open = async (path: string, width = 375): Promise<Page> => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height: 800 });
    const res = await page.goto(`${base}${path}`);
    expect(res?.status(), path).toBe(200);
    expect(res?.headers()['content-security-policy'], path).toBe(CSP);
    return page;
  };
  /** axe-core's WCAG 2.x A/AA rules: nothing serious or critical; and nothing wider than a 320 px screen. */
  const expectAccessible = async (page: Page, what: string) => {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`), what).toEqual([]);
    expect(results.passes.length, what).toBeGreaterThan(10);
    await page.setViewportSize({ width: 320, height: 800 });
    const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    expect(width, what).toBeLessThanOrEqual(320);
  };
  const checkInBrowser = async (page: Page, input: string) => {
    await page.fill('#q', input);
    await Promise.all([page.waitForURL(/\/check\?q=/), page.click('form.check button')]);
    return { word: (await page.textContent('.verdict .word'))?.trim(), line: (await page.textContent('.verdict .line'))?.trim() };
  };

  it('lists the announcements with working links to the fake posts, and markup in a title stays text', async () => {
    const page = await open('/');
    const titles = await page.locator('.announcement h2').allTextContents();
    expect(titles).toEqual(expect.arrayContaining([posts[0]!.title, HOSTILE, 'Network update']));
    expect(await page.locator('.announcement h2 a').evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href))).toEqual(
      expect.arrayContaining(posts.map((p) => p.link)),
    );
    // No element came out of the hostile title, and no script ran.
    expect(await page.locator('main script, main img').count()).toBe(0);
    // Each announcement's post links open the very posts Herald made, on the fakes.
    const links = await page.locator('.announcement').evaluateAll((items) =>
      items.map((li) => ({ title: li.querySelector('h2')?.textContent ?? '', hrefs: [...li.querySelectorAll('.posts a')].map((a) => (a as unknown as { href: string }).href) })),
    );
    expect(links.flatMap((l) => l.hrefs)).toHaveLength(6);
    for (const { title, hrefs } of links) {
      for (const href of hrefs) {
        const post = await browser.context.newPage();
        expect((await post.goto(href))?.status(), href).toBe(200);
        expect(await post.textContent('article'), href).toContain(title);
        await post.close();
      }
    }
    const hrefs = links.flatMap((l) => l.hrefs.map((href) => ({ href })));
    expect(hrefs.filter((l) => l.href.startsWith(`${world.x.url}/i/status/`))).toHaveLength(3);
    expect(hrefs.filter((l) => l.href.startsWith(`${world.mastodon.url}/@session/`))).toHaveLength(3);
    await page.screenshot({ path: `${ARTIFACTS}front-375.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${ARTIFACTS}front-1280.png`, fullPage: true });
    await expectAccessible(page, 'the front page');
    await page.close();
  });

  it('answers the form for links, tricks, official posts, other posts of an official account and strangers', async () => {
    const page = await open('/check');
    const front = await open('/');
    const [xPost, mastodonPost] = await Promise.all([
      front.locator('.announcement', { hasText: 'Network update' }).locator('a', { hasText: 'Post on X' }).getAttribute('href'),
      front.locator('.announcement', { hasText: 'Network update' }).locator('a', { hasText: 'Post on Mastodon' }).getAttribute('href'),
    ]);
    await front.close();
    expect(await checkInBrowser(page, 'https://getsession.org/download')).toEqual({ word: '✓Official', line: 'This is an official Session channel.' });
    expect(await checkInBrowser(page, 'getsession-airdrop.com')).toEqual({ word: '⚠Lookalike', line: 'This looks like an impersonation of getsession.org.' });
    expect((await checkInBrowser(page, 'https://getsession.org@evil.example/claim')).word).toBe('⚠Lookalike');
    const tweetId = /\/i\/status\/(\d+)$/.exec(xPost!)![1]!;
    for (const url of [mastodonPost!, `https://x.com/SessionTechFND/status/${tweetId}`]) {
      const answer = await checkInBrowser(page, url);
      expect(answer.word, url).toBe('✓Official announcement');
      expect(answer.line, url).toMatch(/^This is the official announcement of “Network update”, posted \d{4}-\d\d-\d\d\.$/);
    }
    await page.screenshot({ path: `${ARTIFACTS}check-announcement-375.png`, fullPage: true });
    expect(await checkInBrowser(page, 'https://x.com/SessionTechFND/status/1234567890')).toEqual({
      word: 'ℹOfficial account',
      line: 'This is from an official account, but not an announcement.',
    });
    expect((await checkInBrowser(page, `https://x.com/some_stranger/status/${tweetId}`)).word).toBe('✗Not official');
    expect((await checkInBrowser(page, 'https://mastodon.example/@stranger/110000000000000001')).word).toBe('✗Not official');
    await page.screenshot({ path: `${ARTIFACTS}check-375.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${ARTIFACTS}check-1280.png`, fullPage: true });
    await expectAccessible(page, 'the check page with a verdict');
    await page.close();
  });

  it('ran no script from the hostile title on any page (a dialog listener that does hear a real alert stayed silent)', async () => {
    const control = await browser.context.newPage();
    await control.setContent('<p>control</p>');
    await control.evaluate(() => setTimeout(() => (globalThis as unknown as { alert(message: string): void }).alert('control'), 0));
    await waitFor(() => dialogs.includes('control'), 'the control alert');
    await control.close();
    expect(dialogs).toEqual(['control']);
  });

  it('answers 429 with Retry-After once the burst is spent', async () => {
    let res: Response | undefined;
    for (let i = 0; i < 13 && res?.status !== 429; i++) res = await fetch(`${base}/check?q=getsession.org`);
    expect(res?.status).toBe(429);
    expect(Number(res?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res?.headers.get('content-security-policy')).toBe(CSP);
  });
});
