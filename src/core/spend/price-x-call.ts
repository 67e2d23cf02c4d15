import { twitterText } from '../twitter-text.ts';
import type { BillableCall, SpendKind, XPrices } from '../../domain/spend.ts';

/** Whether X turns something in the text into a link (a bare domain such as `session.foundation` counts). */
export function carriesLink(text: string): boolean {
  return twitterText.extractUrls(text).length > 0;
}

/**
 * What one call costs on X's pay-per-use plan, from the configured prices: an announcement or
 * repost is a post with a URL (Herald's always carry one); a reply costs a summoned reply's
 * price, or a post with a URL's when its text carries a link (unless the prices say otherwise);
 * a read costs the owned-read price per post returned.
 */
export function priceXCall(call: BillableCall, prices: XPrices): { kind: SpendKind; usd: number } {
  if (call.kind === 'read') return { kind: call.purpose === 'mentions' ? 'mentions-read' : 'read', usd: call.resources * prices.ownedRead };
  if (!call.inReplyTo) return { kind: 'post', usd: prices.postWithUrl };
  const billedAsPost = prices.replyWithUrlAsPost && carriesLink(call.text);
  return { kind: 'reply', usd: billedAsPost ? prices.postWithUrl : prices.reply };
}
