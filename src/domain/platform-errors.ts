/**
 * The three faults a platform call can end in, by what to do next. Publishers and mention
 * sources throw them; the core decides on them.
 */

/** The platform said "not now": no request to it before `resumeAt` (epoch ms; unknown if undefined). */
export class RateLimitedError extends Error {
  readonly resumeAt: number | undefined;
  constructor(message: string, resumeAt: number | undefined) {
    super(message);
    this.name = 'RateLimitedError';
    this.resumeAt = resumeAt;
  }
}

/**
 * Final until a human acts (credentials, credits, permissions): not retried in a loop. The
 * message says what to check and which variable.
 */
export class HardStopError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.name = 'HardStopError';
    this.status = status;
  }
}

/**
 * Retry later with backoff. `ambiguous`: the request may have reached the platform (timeout,
 * dropped connection, 5xx), so the post may exist: look before posting again.
 */
export class TransientError extends Error {
  readonly ambiguous: boolean;
  constructor(message: string, ambiguous: boolean) {
    super(message);
    this.name = 'TransientError';
    this.ambiguous = ambiguous;
  }
}
