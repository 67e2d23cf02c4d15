/**
 * Transient faults (network, timeout, 5xx, an HTML error page) are retried with exponential
 * backoff and "equal jitter": attempt n waits between half and all of min(max, base·2^(n-1)),
 * so replicas that failed together do not retry together. The number of attempts is chosen
 * so that the retries cover `horizonMs` (about a day) before the job fails visibly.
 */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  horizonMs: number;
}

export function backoffDelay(attemptsMade: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** How many attempts (the first included) make the retries last about `horizonMs`. */
export function attemptsFor(policy: RetryPolicy): number {
  let elapsed = 0;
  let attempts = 1;
  while (elapsed < policy.horizonMs && attempts < 1000) {
    elapsed += 0.75 * Math.min(policy.maxMs, policy.baseMs * 2 ** (attempts - 1));
    attempts += 1;
  }
  return attempts;
}

/** With no reset announced, a rate limit backs off exponentially from a minute (to an hour). */
export function rateLimitFallbackDelay(hits: number): number {
  return Math.min(3_600_000, 60_000 * 2 ** Math.max(0, hits - 1));
}
