/** Time, passed in: the system clock in the service, a manual one in unit tests. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves once `ms` have passed (a manual clock moves its time forward instead of waiting). */
  sleep(ms: number): Promise<void>;
}
