import { describe, expect, it } from 'vitest';
import { readMaxAge, readPacing, readRetryAfter } from '../../src/adapters/feed/read-pacing.ts';

const NOW = Date.parse('2026-03-02T10:00:00Z');

describe('the pacing headers of a feed answer', () => {
  it('reads max-age, less the Age of a cached copy; s-maxage is not ours', () => {
    expect(readMaxAge('public, max-age=120', null)).toBe(120);
    expect(readMaxAge('Max-Age="300", must-revalidate', null)).toBe(300);
    expect(readMaxAge('max-age=120', '100')).toBe(20);
    expect(readMaxAge('max-age=120', '500')).toBe(0);
    expect(readMaxAge('s-maxage=600', null)).toBeUndefined();
    expect(readMaxAge(null, null)).toBeUndefined();
  });

  it('no-store and no-cache mean "always ask"; malformed or repeated max-age is ignored', () => {
    expect(readMaxAge('max-age=600, no-store', null)).toBeUndefined();
    expect(readMaxAge('no-cache, max-age=600', null)).toBeUndefined();
    expect(readMaxAge('max-age=-5', null)).toBeUndefined();
    expect(readMaxAge('max-age=1e9', null)).toBeUndefined();
    expect(readMaxAge('max-age=60, max-age=6000', null)).toBeUndefined();
  });

  it('reads Retry-After as seconds or as an HTTP-date measured against the answer\'s Date', () => {
    expect(readRetryAfter('120', null, NOW)).toBe(120);
    const served = 'Mon, 02 Mar 2026 09:00:00 GMT';
    // The server's clock is an hour behind ours: the wait is what it meant, 10 minutes.
    expect(readRetryAfter('Mon, 02 Mar 2026 09:10:00 GMT', served, NOW)).toBe(600);
    expect(readRetryAfter('Mon, 02 Mar 2026 10:05:00 GMT', null, NOW)).toBe(300);
    expect(readRetryAfter('Mon, 02 Mar 2026 08:00:00 GMT', null, NOW)).toBe(0);
    expect(readRetryAfter('soon', null, NOW)).toBeUndefined();
    expect(readRetryAfter('-1', null, NOW)).toBeUndefined();
  });

  it('gives nothing for an answer without them, and both when both are sent', () => {
    expect(readPacing(new Headers({ etag: '"x"' }), NOW)).toBeUndefined();
    expect(readPacing(new Headers({ 'cache-control': 'max-age=60', 'retry-after': '90' }), NOW)).toEqual({ maxAgeSeconds: 60, retryAfterSeconds: 90 });
  });
});
