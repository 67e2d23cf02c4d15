import twitterText from 'twitter-text';
import type { RecordedRequest } from '../fakes/fake-server.ts';

export interface Prices {
  postWithUrl: number;
  reply: number;
  ownedRead: number;
}

/**
 * What X would bill for the requests a fake X answered, worked out from its request log alone
 * (an oracle independent of Herald's counting): a post taken (2xx) costs a post with a URL, a
 * reply a summoned reply's price or, when X would turn part of its text into a link, a post
 * with a URL's; a read costs the owned-read price per post answered (its data and the posts its
 * expansions included; users are not posts). Failed calls and deletions cost nothing here.
 * Micro-dollars per kind.
 */
export function xBill(requests: RecordedRequest[], prices: Prices): Record<string, number> {
  const bill: Record<string, number> = {};
  const add = (kind: string, usd: number) => {
    if (usd > 0) bill[kind] = (bill[kind] ?? 0) + Math.round(usd * 1_000_000);
  };
  for (const request of requests) {
    if (request.status === undefined || request.status >= 300) continue;
    if (request.method === 'POST' && request.path === '/2/tweets') {
      const body = request.json as { text: string; reply?: unknown };
      const linked = twitterText.extractUrls(body.text).length > 0;
      if (body.reply === undefined) add('post', prices.postWithUrl);
      else add('reply', linked ? prices.postWithUrl : prices.reply);
    } else if (request.method === 'GET' && request.path !== '/2/users/me') {
      const answer = JSON.parse(request.responseBody ?? '{}') as { data?: unknown; includes?: { tweets?: unknown[] } };
      const data = answer.data === undefined ? 0 : Array.isArray(answer.data) ? answer.data.length : 1;
      const resources = data + (answer.includes?.tweets?.length ?? 0);
      add(request.path.endsWith('/mentions') ? 'mentions-read' : 'read', resources * prices.ownedRead);
    }
  }
  return bill;
}

/** Micro-dollars per kind from the spend meter's USD totals. */
export function inMicros(totals: Partial<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(totals).map(([kind, usd]) => [kind, Math.round((usd ?? 0) * 1_000_000)]));
}
