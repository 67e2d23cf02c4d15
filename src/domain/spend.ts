/**
 * What X bills (pay-per-use). `post`: an announcement or repost (they carry a link); `reply`: an
 * answer to a mention; `mentions-read`: resources returned by the mention polls; `read`: the
 * account's own timeline and profile, read to confirm a post after an unknown outcome (or by
 * `herald doctor`). The first two kinds and the last are the Foundation's; the replies' and the
 * mention reads are what strangers can make Herald spend, which is why they have a budget.
 * `read` covers the account's own timeline, read to confirm a post after an unknown outcome.
 */
export const SPEND_KINDS = ['post', 'reply', 'mentions-read', 'read'] as const;

export type SpendKind = (typeof SPEND_KINDS)[number];

/** The kinds strangers can make Herald spend on (a flood of questions): capped by the reply budget. */
export const REPLY_SIDE_KINDS: readonly SpendKind[] = ['reply', 'mentions-read'];

/** One billable call as the adapter that made it saw it; the core prices it. */
export type BillableCall =
  | { kind: 'post'; text: string; inReplyTo: boolean }
  /** `resources`: the posts the read returned (the ones asked for and the ones its expansions added). */
  | { kind: 'read'; resources: number; purpose: 'mentions' | 'own' };

/** X's prices (USD), editable because X changed them twice in 2026. */
export interface XPrices {
  /** "Content: Create (with URL)": a post whose text X turns into a link. */
  postWithUrl: number;
  /** A reply to a post that mentions the account ("summoned reply"), without a link. */
  reply: number;
  /** "Owned reads": per post returned by a read of the account's own data (its mentions, its posts). */
  ownedRead: number;
  /** Whether a reply with a link is billed as a post with a URL (X's rule as of 2026). */
  replyWithUrlAsPost: boolean;
}

/** The UTC day of an instant, `YYYY-MM-DD`: spend and budgets reset at 00:00 UTC. */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The UTC month of an instant, `YYYY-MM`. */
export function utcMonth(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** 00:00 UTC after the instant (epoch ms): when a day's budget starts again. */
export function nextUtcDay(at: number): number {
  const d = new Date(at);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

/** Dollars kept as whole millionths, so sums are exact. */
export const toMicros = (usd: number): number => Math.round(usd * 1_000_000);
export const fromMicros = (micros: number): number => micros / 1_000_000;
