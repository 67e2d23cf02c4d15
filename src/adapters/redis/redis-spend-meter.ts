import type { Redis } from 'ioredis';
import type { Platform } from '../../domain/platform.ts';
import { fromMicros, type SpendKind, toMicros, utcDay, utcMonth } from '../../domain/spend.ts';
import type { SpendMeter, SpendTotals } from '../../ports/spend-meter.ts';
import { redisKey } from './redis-key.ts';

const DAY_KEEP_SECONDS = 40 * 86_400;
const MONTH_KEEP_SECONDS = 400 * 86_400;

/**
 * Spend in Redis, in whole millionths of a dollar: `spend:<platform>:day:<YYYY-MM-DD>` and
 * `spend:<platform>:month:<YYYY-MM>` (hashes, kind → micro-dollars; days kept 40 days, months
 * 400), and `spend:<platform>:reached:<day>` (the budgets reached that day).
 */
export class RedisSpendMeter implements SpendMeter {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  async add(platform: Platform, kind: SpendKind, usd: number, at: number): Promise<void> {
    const day = redisKey(this.#prefix, 'spend', platform, 'day', utcDay(at));
    const month = redisKey(this.#prefix, 'spend', platform, 'month', utcMonth(at));
    const micros = toMicros(usd);
    await this.#redis
      .multi()
      .hincrby(day, kind, micros)
      .expire(day, DAY_KEEP_SECONDS)
      .hincrby(month, kind, micros)
      .expire(month, MONTH_KEEP_SECONDS)
      .exec();
  }

  async totals(platform: Platform, at: number): Promise<SpendTotals> {
    const day = utcDay(at);
    const month = utcMonth(at);
    const [today, thisMonth, reached] = await Promise.all([
      this.#redis.hgetall(redisKey(this.#prefix, 'spend', platform, 'day', day)),
      this.#redis.hgetall(redisKey(this.#prefix, 'spend', platform, 'month', month)),
      this.#redis.smembers(redisKey(this.#prefix, 'spend', platform, 'reached', day)),
    ]);
    const usd = (hash: Record<string, string>) => Object.fromEntries(Object.entries(hash).map(([k, v]) => [k, fromMicros(Number(v))]));
    return { day, month, today: usd(today), thisMonth: usd(thisMonth), budgetsReached: reached.sort() };
  }

  async noteBudgetReached(platform: Platform, budget: string, at: number): Promise<boolean> {
    const key = redisKey(this.#prefix, 'spend', platform, 'reached', utcDay(at));
    const [[, added]] = (await this.#redis.multi().sadd(key, budget).expire(key, 2 * 86_400).exec()) as [[Error | null, number], unknown];
    return added === 1;
  }
}
