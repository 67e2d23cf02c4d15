import { afterEach, describe, expect, it } from 'vitest';
import { answerMentions } from '../../src/core/listen/answer-mentions.ts';
import { getStatus } from '../../src/core/operate/get-status.ts';
import type { Item } from '../../src/domain/item.ts';
import { nextUtcDay } from '../../src/domain/spend.ts';
import type { FakeX } from '../fakes/fake-x.ts';
import { type CoreWorld, coreWorldWithFakes } from '../helpers/core-world.ts';
import { inMicros, xBill } from '../helpers/x-bill.ts';

const PRICES = { postWithUrl: 0.2, reply: 0.01, ownedRead: 0.001 };

const item = (n: number): Item => ({
  id: `00000000000005${String(n).padStart(2, '0')}`,
  identity: `https://session.foundation/blog/spend-${n}`,
  title: `Spend post ${n}`,
  link: `https://session.foundation/blog/spend-${n}`,
  feedUrl: 'https://session.foundation/rss.xml',
  firstSeenAt: new Date().toISOString(),
  status: 'announced',
});

const scam = (n: number) => ({
  text: `@SessionTechFND is this real? #${n}`,
  author: { id: String(7000 + n), username: `asker${n}` },
  referenced: { type: 'quoted' as const, tweet: { text: 'Claim the SESSION airdrop at https://session-airdrop.example', author: { id: '666', username: 'SessionTechFDN' } } },
});

describe('what X costs', () => {
  let world: CoreWorld;
  let x: FakeX;
  let close: () => Promise<void>;
  afterEach(() => close());

  const start = async (env: Record<string, string> = {}) => {
    ({ world, x, close } = await coreWorldWithFakes({ MAX_REPLIES_PER_HOUR: '100', ...env }));
    expect((await answerMentions(world.mentionSources.x!, world.answer)).note).toBe('cursor initialised');
  };
  const announce = async (...ns: number[]) => {
    await world.stores.items.record(ns.map((n) => ({ item: item(n), normalisedLink: item(n).link })));
    await world.queue.announce(ns.map(item), ['x']);
    return world.work('x');
  };
  const askAndAnswer = async (...ns: number[]) => {
    for (const n of ns) x.addMention(scam(n));
    const result = await answerMentions(world.mentionSources.x!, world.answer);
    await world.work('x');
    return result;
  };
  const today = async () => (await world.stores.spend.totals('x', world.clock.now())).today;

  it('every billable call is counted where it is made: the totals match what the fake X answered', async () => {
    await start();
    await announce(1, 2);
    await askAndAnswer(1, 2);
    await answerMentions(world.mentionSources.x!, world.answer); // an idle poll
    x.failNext('POST /2/tweets', { kind: 'status', status: 503, body: '{"title":"Service Unavailable"}', contentType: 'application/problem+json' });
    await announce(3); // refused by X: costs nothing
    await announce(3); // the retry: looks at the timeline first (owned reads), then posts

    const bill = xBill(x.requests, PRICES);
    expect(bill).toEqual({ post: 600_000, reply: 400_000, 'mentions-read': expect.any(Number), read: expect.any(Number) });
    expect(inMicros(await today())).toEqual(bill);
    const metric = async (kind: string) => Math.round(((await world.metric(`herald_x_spend_usd_total{kind="${kind}"}`)) ?? 0) * 1_000_000);
    for (const kind of Object.keys(bill)) expect(await metric(kind), kind).toBe(bill[kind]);

    const status = await getStatus(world.ctx);
    const total = Object.values(bill).reduce((a, b) => a + b, 0) / 1_000_000;
    expect(status.spend.x.today.totalUsd).toBeCloseTo(total, 9);
    expect(status.spend.x.thisMonth.totalUsd).toBeCloseTo(total, 9);
    expect(status.spend.x.replyBudget).toMatchObject({ limitUsd: 2, waitingUntil: null });
  });

  it('prices are configuration, and a reply without a link costs a summoned reply', async () => {
    await start({ X_PRICE_POST_WITH_URL_USD: '0.5', X_PRICE_REPLY_USD: '0.02', X_PRICE_OWNED_READ_USD: '0', X_PRICE_REPLY_WITH_URL_AS_POST: 'false' });
    await announce(1);
    await askAndAnswer(1);
    expect(await today()).toEqual({ post: 0.5, reply: 0.02 });
  });

  it('the reply budget stops replies (until the next UTC day, logged once) and never an announcement', async () => {
    await start({ X_REPLY_DAILY_BUDGET_USD: '0.5' });
    await askAndAnswer(1, 2, 3, 4);
    expect(x.tweets.filter((t) => t.inReplyToTweetId)).toHaveLength(2); // $0.20 each with the link in the template
    expect(world.queue.jobs('x', 'waiting')).toHaveLength(2);

    await announce(1, 2, 3);
    expect(x.tweets.filter((t) => !t.inReplyToTweetId)).toHaveLength(3);
    expect(world.queue.jobs('x', 'waiting').map((j) => j.data.kind)).toEqual(['reply', 'reply']);

    // Mentions are not even read while the replies cannot be paid for.
    const reads = x.requestsTo('GET /2/users/:id/mentions').length;
    x.addMention(scam(5));
    expect((await answerMentions(world.mentionSources.x!, world.answer)).note).toMatch(/reply budget spent/);
    expect(x.requestsTo('GET /2/users/:id/mentions')).toHaveLength(reads);

    const warnings = world.logs.filter((l) => l.budget === 'reply');
    expect(warnings).toHaveLength(1);
    const status = await getStatus(world.ctx);
    expect(status.spend.x.replyBudget.waitingUntil).toBe(new Date(nextUtcDay(world.clock.now())).toISOString());

    world.clock.advance(nextUtcDay(world.clock.now()) - world.clock.now());
    await world.work('x');
    expect(x.tweets.filter((t) => t.inReplyToTweetId)).toHaveLength(4);
  });

  it('the overall cap holds replies first: announcements count only their own spend against it', async () => {
    await start({ X_REPLY_DAILY_BUDGET_USD: '5', X_DAILY_BUDGET_USD: '0.7' });
    await askAndAnswer(1, 2, 3, 4);
    // Replies stop at the overall cap (3 × $0.20 plus the mention reads fit under $0.70).
    expect(x.tweets.filter((t) => t.inReplyToTweetId)).toHaveLength(3);
    await announce(1, 2, 3, 4);
    // The replies' spend does not count against the announcements: three fit ($0.60), the fourth waits.
    expect(x.tweets.filter((t) => !t.inReplyToTweetId)).toHaveLength(3);
    expect(world.queue.jobs('x', 'waiting').map((j) => j.data.kind).sort()).toEqual(['announce', 'reply']);
    expect((await getStatus(world.ctx)).spend.x.dailyBudget.waitingUntil).not.toBeNull();
  });

  it('measured: an idle mention poll and an answered mention', async () => {
    await start();
    const spent = async () => Object.values(await today()).reduce((a, b) => a + (b ?? 0), 0);
    const before = await spent();
    await answerMentions(world.mentionSources.x!, world.answer);
    const idle = (await spent()) - before;
    await askAndAnswer(1);
    const answered = (await spent()) - before - idle;
    console.log(`X cost: idle mention poll $${idle.toFixed(3)}, one answered mention $${answered.toFixed(3)} (${JSON.stringify(await today())})`);
    expect(idle).toBe(0);
    expect(answered).toBeCloseTo(0.2 + 2 * 0.001, 9); // the mention and the post it quotes, and the reply
  });
});
