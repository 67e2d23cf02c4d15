/**
 * The counters and gauges the core moves. prom-client implements them in the service
 * (src/adapters/metrics/); the names and labels are Herald's metrics contract.
 */
export interface Counter<Label extends string = never> {
  inc(labels: Record<Label, string>, value?: number): void;
}

export interface Gauge<Label extends string = never> {
  set(labels: Record<Label, string>, value: number): void;
}

export interface Histogram<Label extends string> {
  /** Starts a timer; calling the returned function observes the elapsed seconds. */
  startTimer(labels: Record<Label, string>): () => void;
}

export interface Metrics {
  postsTotal: Counter<'platform' | 'outcome'>;
  rateLimitedTotal: Counter<'platform'>;
  hardStopsTotal: Counter<'platform' | 'status'>;
  feedPollsTotal: Counter<'feed' | 'result'>;
  feedPollDuration: Histogram<'feed'>;
  feedErrorsTotal: Counter<'feed' | 'reason'>;
  feedItemsRejectedTotal: Counter<'feed'>;
  itemsHeldTotal: Counter<'reason'>;
  queueJobs: Gauge<'queue' | 'state'>;
  platformPaused: Gauge<'platform'>;
  itemsHeld: Gauge;
  mentionRepliesTotal: Counter<'platform' | 'verdict'>;
  mentionsSkippedTotal: Counter<'platform' | 'reason'>;
  /** What X billed (USD), counted where each billable call is made. */
  xSpendUsdTotal: Counter<'kind'>;
}
