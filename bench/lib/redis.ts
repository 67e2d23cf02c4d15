import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { cleanupPrefix, TEST_REDIS_URL } from '../../test/helpers/redis-prefix.ts';

export const REDIS_URL = TEST_REDIS_URL;
export { cleanupPrefix };

/** A prefix of its own for every benchmark run (the Redis is shared with other work). */
export function benchPrefix(name: string): string {
  return `bench-${name}-${randomUUID().slice(0, 8)}`;
}

/** Runs `body` with fresh prefixes and deletes every key under them afterwards, whatever happens. */
export async function withPrefixes<T>(prefixes: string[], body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } finally {
    for (const prefix of prefixes) await cleanupPrefix(prefix);
  }
}

export async function redisInfo(section: string): Promise<Record<string, string>> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const text = await redis.info(section);
    const out: Record<string, string> = {};
    for (const line of text.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith('#')) out[line.slice(0, colon)] = line.slice(colon + 1);
    }
    return out;
  } finally {
    redis.disconnect();
  }
}

/** Calls per command, as counted by the server (`INFO commandstats`; commands run inside Lua scripts included). */
export async function commandStats(): Promise<Map<string, number>> {
  const info = await redisInfo('commandstats');
  const calls = new Map<string, number>();
  for (const [key, value] of Object.entries(info)) {
    const match = /^cmdstat_(.+)$/.exec(key);
    const count = /calls=(\d+)/.exec(value);
    if (match && count) calls.set(match[1]!, Number(count[1]));
  }
  return calls;
}

/** after − before, per command, without the INFO calls this measurement itself makes. */
export function commandDelta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const delta = new Map<string, number>();
  for (const [name, calls] of after) {
    if (name === 'info') continue;
    const d = calls - (before.get(name) ?? 0);
    if (d > 0) delta.set(name, d);
  }
  return delta;
}

export const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

/** `get 2, set 1, evalsha 1`: a command count map, largest first. */
export function describeCounts(counts: Map<string, number>, per = 1): string {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${Number.isInteger(n / per) ? n / per : (n / per).toFixed(2)}`)
    .join(', ');
}

/**
 * Counts every command this client sends (pipelines and MULTI included: ioredis sends each of
 * their commands through `sendCommand`; an EVAL/EVALSHA counts once, not the calls inside it).
 */
export class CommandCounter {
  readonly counts = new Map<string, number>();

  reset(): void {
    this.counts.clear();
  }

  get total(): number {
    return total(this.counts);
  }

  private count(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  /** Counts the commands of one connection. */
  attach(redis: Redis): this {
    const original = redis.sendCommand.bind(redis);
    const patched = (...args: Parameters<Redis['sendCommand']>) => {
      this.count(String(args[0].name).toLowerCase());
      return original(...args);
    };
    redis.sendCommand = patched as Redis['sendCommand'];
    return this;
  }

  /** Counts the commands of every ioredis connection of this process (BullMQ's own included). */
  attachGlobally(): this {
    const proto = Redis.prototype;
    const original = proto.sendCommand;
    const counter = this;
    proto.sendCommand = function (this: Redis, ...args: Parameters<Redis['sendCommand']>) {
      counter.count(String(args[0].name).toLowerCase());
      return original.apply(this, args);
    } as Redis['sendCommand'];
    return this;
  }
}
