import type { Platform } from '../domain/platform.ts';

/** What a `herald poll` reports per feed (the poll worker's answer). */
export interface PollReport {
  feedUrl: string;
  result: string;
  found?: number;
  enqueued?: Array<{ itemKey: string; title: string; link: string }>;
  held?: Array<{ itemKey: string; title: string; link: string; reason?: string }>;
  tooOld?: number;
  baseline?: number;
  rejected?: number;
  error?: string;
  /** Skipped: why (`locked`: another poll was running; `retry-after`: the feed asked to wait). */
  skipReason?: string;
  /** Skipped or failed: when the feed will be asked next (ISO 8601). */
  notBefore?: string;
}

/** What operators do to the queues themselves. */
export interface QueueControl {
  /** Stops every worker of every replica taking the platform's publish jobs (the one in flight finishes). */
  pausePublishing(platform: Platform): Promise<void>;
  resumePublishing(platform: Platform): Promise<void>;
  /** Jobs per queue name and state (waiting, active, delayed, failed, completed, prioritized). */
  jobCounts(): Promise<Record<string, Record<string, number>>>;
  /** How many workers (of every replica) take poll jobs; undefined when the store cannot tell. */
  pollWorkers(): Promise<number | undefined>;
  /** Polls these feeds now through the poll queue and waits for each answer (up to `timeoutMs`). */
  pollNow(feedUrls: string[], timeoutMs: number): Promise<PollReport[]>;
}
