import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { OfficialChannels } from '../../../config/official-channels.ts';

/** A fragment of the page: every value put into one through `html` is escaped. */
export type Fragment = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageFrame {
  /** `PUBLIC_BASE_URL` or '' (links relative to the host). */
  base: string;
  channels: OfficialChannels;
}

export interface PageArgs {
  title: string;
  /** The language of the page's own words (the verdict's reason stays marked English). */
  lang: string;
  /** `rtl` for a right-to-left language: the page is laid out right to left. */
  dir?: 'ltr' | 'rtl';
  current: 'home' | 'check' | 'other';
  body: Fragment;
}

/**
 * A link target from stored data (a feed's link, a post URL) only when it is http(s): the feed
 * parser and the ledger already make sure, and the page does not take their word for it.
 */
export function httpHref(url: string): string | undefined {
  return /^https?:\/\//iu.test(url) ? url : undefined;
}

/** The official accounts' profile addresses: `rel="me"` links (so a Mastodon profile can verify the page). */
export function profileLinks(channels: OfficialChannels): Array<{ label: string; href: string }> {
  return [
    ...channels.xAccounts.map((a) => ({ label: `@${a.handle}`, href: `https://x.com/${a.handle}` })),
    ...channels.mastodonAccounts.map((acct) => {
      const [user, instance] = acct.split('@');
      return { label: `@${acct}`, href: `https://${instance}/@${user}` };
    }),
  ];
}

/** Every page: the head (own stylesheet, feeds, rel="me"), the header, the body, the footer. */
export function renderPage(frame: PageFrame, page: PageArgs): Fragment {
  const { base } = frame;
  const navLink = (name: PageArgs['current'], path: string, label: string) =>
    page.current === name ? html`<a href="${base}${path}" aria-current="page">${label}</a>` : html`<a href="${base}${path}">${label}</a>`;
  return html`<!doctype html>
<html lang="${page.lang}"${page.dir === 'rtl' ? html` dir="rtl"` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<link rel="stylesheet" href="${base}/public.css">
<link rel="alternate" type="application/atom+xml" title="Official announcements (Atom)" href="${base}/official.atom">
<link rel="alternate" type="application/feed+json" title="Official announcements (JSON)" href="${base}/official.json">
${profileLinks(frame.channels).map((p) => html`<link rel="me" href="${p.href}">\n`)}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><div class="site-inner">
<a class="brand" href="${base}/">Session <span>Technology Foundation</span></a>
<nav aria-label="Site">${navLink('home', '/', 'Announcements')} ${navLink('check', '/check', 'Is this official?')}</nav>
</div></header>
<main id="main">
${page.body}
</main>
<footer class="foot"><p>Herald posts every official announcement of the Session Technology Foundation, exactly once, to X and Mastodon. Mirror the list: <a href="${base}/official.atom">Atom</a> · <a href="${base}/official.json">JSON</a>.</p></footer>
</body>
</html>`;
}

/** The official channels registry, from the same data as the replies' "Official:" line. */
export function renderChannels(channels: OfficialChannels): Fragment {
  const list = (entries: Array<{ label: string; href: string; me?: boolean }>) =>
    html`<ul>${entries.map((e) => html`<li><a href="${e.href}" rel="${e.me === true ? 'me noopener' : 'noopener'}">${e.label}</a></li>`)}</ul>`;
  const formerAll = [...channels.former.domains, ...channels.former.githubOrgs.map((o) => `github.com/${o}`), ...channels.former.xAccounts.map((h) => `@${h}`), ...channels.former.mastodonAccounts];
  const apps = [
    ...channels.appStoreIds.apple.map((id) => ({ label: 'App Store', href: `https://apps.apple.com/app/${id}` })),
    ...channels.appStoreIds.google.map((id) => ({ label: 'Google Play', href: `https://play.google.com/store/apps/details?id=${encodeURIComponent(id)}` })),
    ...channels.fdroidRepos.map((host) => ({ label: `F-Droid (${host})`, href: `https://${host}/` })),
  ];
  const profiles = profileLinks(channels);
  return html`<section class="channels" aria-labelledby="channels">
<h2 id="channels">Official channels</h2>
<p>Only these are the Foundation's. Anything else using its name is not.</p>
<dl>
<dt>Websites</dt><dd>${list(channels.domains.map((d) => ({ label: d, href: `https://${d}/` })))}</dd>
<dt>X</dt><dd>${list(profiles.filter((p) => p.href.startsWith('https://x.com/')).map((p) => ({ ...p, me: true })))}</dd>
<dt>Mastodon</dt><dd>${list(profiles.filter((p) => !p.href.startsWith('https://x.com/')).map((p) => ({ ...p, me: true })))}</dd>
<dt>GitHub</dt><dd>${list(channels.githubOrgs.map((o) => ({ label: `github.com/${o}`, href: `https://github.com/${o}` })))}</dd>
<dt>Apps</dt><dd>${list(apps)}</dd>
${formerAll.length > 0 ? html`<dt>Former channels, no longer used</dt><dd>${formerAll.join(', ')}</dd>` : ''}
</dl>
</section>`;
}
