import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics } from '../../ports/metrics.ts';

export type PrometheusMetrics = Metrics & { registry: Registry };

/**
 * Herald's Prometheus metrics (names and labels are a contract with dashboards), on a
 * registry of its own, so tests can make several.
 */
export function createMetrics(): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help, labelNames, registers });
  return {
    registry,
    postsTotal: counter(
      'herald_posts_total',
      'Publish attempts by platform and outcome (posted, already_posted, duplicate, dry_run, rate_limited, transient_error, hard_stop, unsafe_text, failed, retracted, over_budget)',
      ['platform', 'outcome'],
    ),
    rateLimitedTotal: counter('herald_rate_limited_total', 'Times a platform told Herald to wait (429, or a response with no calls left)', ['platform']),
    hardStopsTotal: counter('herald_hard_stops_total', 'Publishes stopped for a human to act (401, 402, 403, usage cap)', ['platform', 'status']),
    feedPollsTotal: counter('herald_feed_polls_total', 'Feed polls by feed and result (fetched, not_modified, failed, skipped)', ['feed', 'result']),
    feedPollDuration: new Histogram({
      name: 'herald_feed_poll_duration_seconds',
      help: 'Time to fetch, parse and enqueue one feed',
      labelNames: ['feed'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    feedErrorsTotal: counter(
      'herald_feed_errors_total',
      'Failed feed polls by feed and reason (timeout, too-large, not-xml, parse-error, http-status…)',
      ['feed', 'reason'],
    ),
    feedItemsRejectedTotal: counter('herald_feed_items_rejected_total', 'Feed items dropped as invalid (no title or link, bad link, duplicate guid)', ['feed']),
    itemsHeldTotal: counter('herald_items_held_total', 'New items held for a human (offsite-link, burst, text-link, footer-like-text)', ['reason']),
    queueJobs: gauge('herald_queue_jobs', 'Jobs per queue and state', ['queue', 'state']),
    platformPaused: gauge('herald_platform_paused', '1 while an operator has paused the platform (kill switch)', ['platform']),
    itemsHeld: gauge('herald_items_held', 'Items waiting for herald approve / herald reject', []),
    mentionRepliesTotal: counter('herald_mention_replies_total', 'Replies to "is this official?" mentions by platform and verdict', ['platform', 'verdict']),
    mentionsSkippedTotal: counter(
      'herald_mentions_skipped_total',
      'Mentions not answered, by platform and reason (lookalike-author: an impersonator asked)',
      ['platform', 'reason'],
    ),
    xSpendUsdTotal: counter('herald_x_spend_usd_total', 'What X billed, in USD, by kind (post, reply, mentions-read, read), priced from the X_PRICE_* settings', ['kind']),
  };
}
