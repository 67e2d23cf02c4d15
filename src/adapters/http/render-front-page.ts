import { html } from 'hono/html';
import type { AnnouncementPage } from '../../core/public/list-announcements.ts';
import { type Fragment, httpHref, type PageFrame, renderChannels, renderPage } from './render-layout.ts';
import { PLATFORM_NAMES } from '../../domain/platform.ts';


/** `/`: the announcements, newest first, a page at a time, and the official channels beneath. */
export function renderFrontPage(frame: PageFrame, list: AnnouncementPage): Fragment {
  const { base } = frame;
  const items = list.announcements.map(
    ({ item, date, posts }) => html`<li class="announcement">
<h2>${httpHref(item.link) === undefined ? item.title : html`<a href="${item.link}">${item.title}</a>`}</h2>
<p class="meta"><time datetime="${date}">${date}</time></p>
<p class="url">${item.link}</p>
${
  posts.length === 0
    ? ''
    : html`<ul class="posts" aria-label="Herald's posts of this announcement">${posts.filter((p) => httpHref(p.url) !== undefined).map(
        (p) => html`<li><a href="${p.url}">Post on ${PLATFORM_NAMES[p.platform]}</a>${p.retracted ? html` <span class="tag">retracted</span>` : ''}</li>`,
      )}</ul>`
}
</li>`,
  );
  const newer = list.page > 1 ? html`<a href="${base}/?page=${list.page - 1}" rel="prev">← Newer</a>` : html`<span></span>`;
  const older = list.page < list.pages ? html`<a href="${base}/?page=${list.page + 1}" rel="next">Older →</a>` : html`<span></span>`;
  const body = html`<h1>Official announcements</h1>
<p class="lede">Every announcement of the Session Technology Foundation, with the exact posts Herald made on X and Mastodon. Doubt a post or a link? <a href="${base}/check">Check it</a>.</p>
${list.announcements.length === 0 ? html`<p>${list.total === 0 ? 'No announcements yet.' : 'No announcements on this page.'}</p>` : html`<ol class="announcements">${items}</ol>`}
${list.pages > 1 || list.page > 1 ? html`<nav class="pages" aria-label="Pages">${newer}<span>Page ${list.page} of ${list.pages}</span>${older}</nav>` : ''}
${renderChannels(frame.channels)}`;
  const title = list.page > 1 ? `Official announcements, page ${list.page} — Session Technology Foundation` : 'Official announcements — Session Technology Foundation';
  return renderPage(frame, { title, lang: 'en', current: 'home', body });
}
