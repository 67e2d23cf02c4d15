import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Herald's Prometheus metrics, on a registry of its own (so tests can make several). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    postsTotal: new Counter({
      name: 'herald_posts_total',
      help: 'Publish attempts by platform and outcome (posted, already_posted, duplicate, dry_run, rate_limited, transient_error, hard_stop, failed)',
      labelNames: ['platform', 'outcome'] as const,
      registers: [registry],
    }),
    rateLimitedTotal: new Counter({
      name: 'herald_rate_limited_total',
      help: 'Times a platform told Herald to wait (429, or a response with no calls left)',
      labelNames: ['platform'] as const,
      registers: [registry],
    }),
    hardStopsTotal: new Counter({
      name: 'herald_hard_stops_total',
      help: 'Publishes stopped for a human to act (401, 402, 403, usage cap)',
      labelNames: ['platform', 'status'] as const,
      registers: [registry],
    }),
    feedPollsTotal: new Counter({
      name: 'herald_feed_polls_total',
      help: 'Feed polls by feed and result (fetched, not_modified, failed, skipped)',
      labelNames: ['feed', 'result'] as const,
      registers: [registry],
    }),
    feedPollDuration: new Histogram({
      name: 'herald_feed_poll_duration_seconds',
      help: 'Time to fetch, parse and enqueue one feed',
      labelNames: ['feed'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    feedErrorsTotal: new Counter({
      name: 'herald_feed_errors_total',
      help: 'Failed feed polls by feed and reason (timeout, too-large, not-xml, parse-error, http-status…)',
      labelNames: ['feed', 'reason'] as const,
      registers: [registry],
    }),
    feedItemsRejectedTotal: new Counter({
      name: 'herald_feed_items_rejected_total',
      help: 'Feed items dropped as invalid (no title or link, bad link, duplicate guid)',
      labelNames: ['feed'] as const,
      registers: [registry],
    }),
    itemsHeldTotal: new Counter({
      name: 'herald_items_held_total',
      help: 'New items held for a human (offsite link, burst)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    queueJobs: new Gauge({
      name: 'herald_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
    }),
    platformPaused: new Gauge({
      name: 'herald_platform_paused',
      help: '1 while an operator has paused the platform (kill switch)',
      labelNames: ['platform'] as const,
      registers: [registry],
    }),
    itemsHeld: new Gauge({
      name: 'herald_items_held',
      help: 'Items waiting for herald approve / herald reject',
      registers: [registry],
    }),
    mentionRepliesTotal: new Counter({
      name: 'herald_mention_replies_total',
      help: 'Replies to "is this official?" mentions by platform and verdict',
      labelNames: ['platform', 'verdict'] as const,
      registers: [registry],
    }),
    mentionsSkippedTotal: new Counter({
      name: 'herald_mentions_skipped_total',
      help: 'Mentions not answered, by platform and reason (lookalike-author: an impersonator asked)',
      labelNames: ['platform', 'reason'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
