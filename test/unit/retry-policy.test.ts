import { describe, expect, it } from 'vitest';
import { attemptsFor, backoffDelay, rateLimitFallbackDelay } from '../../src/core/announce/retry-policy.ts';

const policy = { baseMs: 30_000, maxMs: 1_800_000, horizonMs: 86_400_000 };

describe('retry policy', () => {
  it('doubles from the base up to the cap, with jitter between half and all of it', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(15_000);
    expect(backoffDelay(1, policy, () => 1)).toBe(30_000);
    expect(backoffDelay(3, policy, () => 1)).toBe(120_000);
    expect(backoffDelay(30, policy, () => 1)).toBe(1_800_000);
  });

  it('retries for about a day before failing', () => {
    const attempts = attemptsFor(policy);
    let total = 0;
    for (let n = 1; n < attempts; n++) total += backoffDelay(n, policy, () => 0.5);
    expect(total).toBeGreaterThanOrEqual(policy.horizonMs);
    expect(total).toBeLessThan(policy.horizonMs + policy.maxMs);
  });

  it('backs off from a minute on a rate limit without a reset', () => {
    expect(rateLimitFallbackDelay(1)).toBe(60_000);
    expect(rateLimitFallbackDelay(2)).toBe(120_000);
    expect(rateLimitFallbackDelay(20)).toBe(3_600_000);
  });
});
