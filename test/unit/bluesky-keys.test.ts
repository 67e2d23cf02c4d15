import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deterministicTid } from '../../src/adapters/bluesky/deterministic-tid.ts';
import { parsePostUri, replyIdOf, uriOfReplyId } from '../../src/adapters/bluesky/post-ref.ts';

const TID = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;
const SORTABLE = '234567abcdefghijklmnopqrstuvwxyz';
const microseconds = (tid: string) => [...tid.slice(0, 11)].reduce((n, c) => n * 32n + BigInt(SORTABLE.indexOf(c)), 0n);

describe('the record key of a Bluesky post', () => {
  it('is a valid TID, the same for the same publish on every replica, different for another', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }), fc.string({ minLength: 1, maxLength: 300 }), (a, b) => {
        expect(deterministicTid(a)).toMatch(TID);
        expect(deterministicTid(a)).toBe(deterministicTid(a));
        if (a !== b) expect(deterministicTid(a)).not.toBe(deterministicTid(b));
      }),
    );
    expect(deterministicTid('herald-a1b2c3d4e5f60718')).not.toBe(deterministicTid('herald-repost-a1b2c3d4e5f60718-1'));
  });

  it('reads as a moment of 2023, never a date in the future', () => {
    for (const key of ['herald-x', 'herald-reply-did%3Aplc%3Aabc/3kabc', 'é'.repeat(50)]) {
      const at = Number(microseconds(deterministicTid(key)) / 1000n);
      expect(new Date(at).getUTCFullYear()).toBeGreaterThanOrEqual(2023);
      expect(at).toBeLessThan(Date.UTC(2024, 0, 2));
    }
  });
});

describe('Bluesky post ids outside the adapter', () => {
  it('a post URI becomes a reply id without ":" (BullMQ job ids) and back', () => {
    const uri = 'at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3kabcdefghijk';
    const id = replyIdOf(uri);
    expect(id).not.toContain(':');
    expect(uriOfReplyId(id)).toBe(uri);
    expect(parsePostUri(uri)).toEqual({ did: 'did:plc:z72i7hdynmk6r22z27h6tvur', rkey: '3kabcdefghijk' });
    expect(uriOfReplyId(replyIdOf('at://did:web:example.com%3A8080/app.bsky.feed.post/3kabc'))).toBe('at://did:web:example.com%3A8080/app.bsky.feed.post/3kabc');
  });

  it('anything else is refused', () => {
    expect(() => replyIdOf('at://did:plc:abc/app.bsky.feed.like/3kabc')).toThrow();
    expect(uriOfReplyId('nothing')).toBeUndefined();
    expect(uriOfReplyId('%E0%A4%A/3k')).toBeUndefined();
    expect(parsePostUri('https://bsky.app/profile/a/post/b')).toBeUndefined();
  });
});
