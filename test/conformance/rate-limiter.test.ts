import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { takeToken } from '../../src/domain/token-bucket.ts';
import type { RateLimiter } from '../../src/ports/rate-limiter.ts';
import { type OpenStores, STORE_FAMILIES } from './store-families.ts';

describe.each(STORE_FAMILIES)('the rate limiter ($name)', (family) => {
  let open: OpenStores;
  let limits: RateLimiter;
  beforeEach(async () => {
    open = await family.open();
    limits = open.stores.rateLimits;
  });
  afterEach(() => open.close());

  it('lets a burst of `capacity` through, then refuses with the time until the next token', async () => {
    // One token a minute: nothing refills during the test, however slow the machine.
    const bucket = { capacity: 3, refillPerSecond: 1 / 60 };
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limits.take('client-a', bucket));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]!.retryAfterMs).toBeGreaterThan(50_000);
    expect(decisions[3]!.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(decisions[0]!.retryAfterMs).toBe(0);
  });

  it('keeps one bucket per key', async () => {
    const bucket = { capacity: 1, refillPerSecond: 1 / 60 };
    expect((await limits.take('client-a', bucket)).allowed).toBe(true);
    expect((await limits.take('client-a', bucket)).allowed).toBe(false);
    expect((await limits.take('client-b', bucket)).allowed).toBe(true);
  });

  it('refills with time', async () => {
    // Drained on a bucket that refills one token a minute (nothing comes back however slow the
    // machine), then asked with a rule of 1000 a second: the few ms let pass are tokens again.
    const slow = { capacity: 1, refillPerSecond: 1 / 60 };
    expect((await limits.take('client-a', slow)).allowed).toBe(true);
    expect((await limits.take('client-a', slow)).allowed).toBe(false);
    await open.letTimePass(5);
    expect((await limits.take('client-a', { capacity: 1, refillPerSecond: 1000 })).allowed).toBe(true);
  });
});

describe('takeToken (the arithmetic both adapters follow)', () => {
  it('never refills past capacity, and a clock that goes back drains nothing', () => {
    const bucket = { capacity: 2, refillPerSecond: 1 };
    const first = takeToken(undefined, 10_000, bucket);
    expect(first.state.tokens).toBe(1);
    const later = takeToken(first.state, 1_000_000, bucket);
    expect(later.state.tokens).toBe(1);
    const back = takeToken({ tokens: 1, at: 5000 }, 4000, bucket);
    expect(back.decision.allowed).toBe(true);
    expect(back.state.tokens).toBe(0);
  });
});
