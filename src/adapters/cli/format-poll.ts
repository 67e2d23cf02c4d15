import type { PollReport } from '../../ports/queue-control.ts';

/** `herald poll` for a person: what each feed answered and what became of its items, in words. */
export function formatPoll(r: PollReport): string[] {
  if (r.result === 'not-modified') return [`${r.feedUrl}: unchanged since the last poll (HTTP 304): nothing new`];
  if (r.result === 'failed') return [`${r.feedUrl}: failed — ${r.error}`];
  if (r.result === 'skipped' && r.skipReason === 'retry-after') {
    return [`${r.feedUrl}: not polled: the feed asked (Retry-After) not to be asked before ${r.notBefore}; Herald honours that, even for a manual poll, and polls it then`];
  }
  if (r.result === 'skipped') return [`${r.feedUrl}: skipped: another poll of this feed was still running; try again in a moment`];
  const lines = [`${r.feedUrl}: ${r.result}${r.found !== undefined ? `, ${r.found} item(s) in the feed` : ''}`];
  if (r.baseline) lines.push(`  first poll of this feed: ${r.baseline} item(s) recorded as seen, none posted (BACKFILL=N would post the newest N)`);
  if (r.tooOld) lines.push(`  ${r.tooOld} new item(s) older than MAX_ITEM_AGE_DAYS: recorded, not posted`);
  if (r.rejected) lines.push(`  ${r.rejected} item(s) rejected as invalid ("herald preview" says why)`);
  for (const e of r.enqueued ?? []) lines.push(`  enqueued ${e.itemKey}  ${e.title}  ${e.link}`);
  for (const h of r.held ?? []) lines.push(`  HELD (${h.reason}) ${h.itemKey}  ${h.title}  ${h.link}`);
  if ((r.enqueued ?? []).length === 0 && (r.held ?? []).length === 0 && !r.baseline) lines.push('  nothing new');
  return lines;
}
