import type { Redis } from 'ioredis';
import type { AuditEntry } from '../../domain/audit-entry.ts';
import type { AuditLog } from '../../ports/audit-log.ts';
import { redisKey } from './redis-key.ts';

/**
 * The audit log as a Redis stream, `audit` (one field, `entry`: the JSON), capped at about
 * `max` entries (XADD MAXLEN ~: the oldest go first, trimmed in whole blocks).
 */
export class RedisAuditLog implements AuditLog {
  readonly #redis: Redis;
  readonly #key: string;
  readonly #max: number;

  constructor(redis: Redis, prefix: string, max = 10_000) {
    this.#redis = redis;
    this.#key = redisKey(prefix, 'audit');
    this.#max = max;
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.#redis.xadd(this.#key, 'MAXLEN', '~', String(this.#max), '*', 'entry', JSON.stringify(entry));
  }

  async list(options: { since?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    const since = options.since ?? 0;
    const limit = options.limit ?? 100;
    const found: AuditEntry[] = [];
    let end = '+';
    // Newest first, a page at a time, until enough entries or one older than `since`.
    while (found.length < limit) {
      const page = await this.#redis.xrevrange(this.#key, end, '-', 'COUNT', 200);
      for (const [, fields] of page) {
        const entry = JSON.parse(fields[1] ?? '{}') as AuditEntry;
        if (entry.at < since) return found.reverse();
        found.push(entry);
        if (found.length === limit) break;
      }
      if (page.length < 200) break;
      end = `(${page.at(-1)![0]}`;
    }
    return found.reverse();
  }
}
