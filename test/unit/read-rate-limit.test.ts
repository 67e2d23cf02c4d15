import { describe, expect, it } from 'vitest';
import { mastodonReset, xExhaustedUntil, xResetAfter429 } from '../../src/adapters/read-rate-limit.ts';

describe('X rate-limit headers', () => {
  it('waits for x-rate-limit-reset (epoch seconds) after a 429', () => {
    expect(xResetAfter429({ 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '1800000000' })).toBe(1_800_000_000_000);
  });
  it('waits for the 24-hour reset when the daily user cap is spent', () => {
    const headers = {
      'x-rate-limit-remaining': '5',
      'x-rate-limit-reset': '1800000000',
      'x-user-limit-24hour-remaining': '0',
      'x-user-limit-24hour-reset': '1800050000',
    };
    expect(xResetAfter429(headers)).toBe(1_800_050_000_000);
    expect(xExhaustedUntil(headers)).toBe(1_800_050_000_000);
  });
  it('says nothing while calls remain', () => {
    expect(xExhaustedUntil({ 'x-rate-limit-remaining': '3', 'x-rate-limit-reset': '1800000000' })).toBeUndefined();
    expect(xResetAfter429({})).toBeUndefined();
  });
});

describe('Mastodon rate-limit headers', () => {
  it('reads the ISO 8601 reset', () => {
    const headers = new Headers({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '2026-11-26T07:00:00.000Z' });
    expect(mastodonReset(headers)).toBe(Date.parse('2026-11-26T07:00:00.000Z'));
    expect(mastodonReset(new Headers({ 'X-RateLimit-Reset': 'soon' }))).toBeUndefined();
  });
});
