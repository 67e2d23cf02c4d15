import type { Redis } from 'ioredis';
import type { ConfigFingerprint, LiveInstance } from '../../domain/config-fingerprint.ts';
import type { ConfigFingerprints, FingerprintClaim, FingerprintHeartbeat } from '../../ports/config-fingerprints.ts';
import { redisKey } from './redis-key.ts';

/**
 * Keys: `fingerprint` (the prefix's recorded fingerprint, JSON), `fingerprint:live` (a sorted
 * set: instance → when its entry expires, on Redis's clock, so hosts' clocks need not agree) and
 * `fingerprint:instances` (instance → its fingerprint, JSON). Every step is one Lua script.
 */
const COMMON = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, id in ipairs(expired) do redis.call('HDEL', KEYS[3], id) end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local function hold() redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[1]); redis.call('HSET', KEYS[3], ARGV[1], ARGV[2]) end
`;

/** ARGV: instance, fingerprint JSON, hash, ttl ms. */
const CLAIM = `${COMMON}
local live = redis.call('ZRANGE', KEYS[2], 0, -1)
local same, differing, theirs = 0, 0, ''
for _, id in ipairs(live) do
  if id ~= ARGV[1] then
    local held = redis.call('HGET', KEYS[3], id)
    if held and cjson.decode(held).hash ~= ARGV[3] then
      differing = differing + 1
      theirs = held
    else
      same = same + 1
    end
  end
end
if differing > 0 then return {'refused', theirs, differing} end
local recorded = redis.call('GET', KEYS[1])
hold()
redis.call('SET', KEYS[1], ARGV[2])
if recorded and cjson.decode(recorded).hash == ARGV[3] then return {'joined', '', same} end
return {'took-over', recorded or '', same}
`;

const HEARTBEAT = `${COMMON}
local recorded = redis.call('GET', KEYS[1])
if recorded and cjson.decode(recorded).hash ~= ARGV[3] then
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('HDEL', KEYS[3], ARGV[1])
  return {'replaced', recorded}
end
if not recorded then redis.call('SET', KEYS[1], ARGV[2]) end
hold()
return {'ok', ''}
`;

const INSPECT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local live = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. now, '+inf')
local held = {}
for i, id in ipairs(live) do held[i] = redis.call('HGET', KEYS[3], id) or '' end
return {redis.call('GET', KEYS[1]) or '', live, held}
`;

export class RedisConfigFingerprints implements ConfigFingerprints {
  readonly #redis: Redis;
  readonly #keys: string[];

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#keys = [redisKey(prefix, 'fingerprint'), redisKey(prefix, 'fingerprint', 'live'), redisKey(prefix, 'fingerprint', 'instances')];
  }

  #run(script: string, instance: string, fingerprint: ConfigFingerprint, ttlMs: number): Promise<[string, string, number?]> {
    const args = [instance, JSON.stringify(fingerprint), fingerprint.hash, String(Math.max(1, Math.round(ttlMs)))];
    return this.#redis.eval(script, 3, ...this.#keys, ...args) as Promise<[string, string, number?]>;
  }

  async claim(instance: string, fingerprint: ConfigFingerprint, ttlMs: number): Promise<FingerprintClaim> {
    const [kind, found, count = 0] = await this.#run(CLAIM, instance, fingerprint, ttlMs);
    if (kind === 'refused') return { kind, differing: count, theirs: JSON.parse(found) as ConfigFingerprint };
    if (kind === 'joined') return { kind, live: count };
    return found === '' ? { kind: 'took-over', live: count } : { kind: 'took-over', live: count, previous: JSON.parse(found) as ConfigFingerprint };
  }

  async heartbeat(instance: string, fingerprint: ConfigFingerprint, ttlMs: number): Promise<FingerprintHeartbeat> {
    const [kind, found] = await this.#run(HEARTBEAT, instance, fingerprint, ttlMs);
    return kind === 'replaced' ? { kind, current: JSON.parse(found) as ConfigFingerprint } : { kind: 'ok' };
  }

  async leave(instance: string): Promise<void> {
    await this.#redis.multi().zrem(this.#keys[1]!, instance).hdel(this.#keys[2]!, instance).exec();
  }

  async inspect(): Promise<{ recorded?: ConfigFingerprint; live: LiveInstance[] }> {
    const [recorded, ids, held] = (await this.#redis.eval(INSPECT, 3, ...this.#keys)) as [string, string[], string[]];
    const live = ids.map((instance, i) => ({ instance, hash: held[i] === '' ? '' : (JSON.parse(held[i]!) as ConfigFingerprint).hash }));
    return recorded === '' ? { live } : { recorded: JSON.parse(recorded) as ConfigFingerprint, live };
  }
}
