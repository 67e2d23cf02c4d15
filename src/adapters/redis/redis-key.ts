/**
 * A Redis key under Herald's prefix: `<prefix>:<part>:<part>…`. The layout is a contract with
 * existing deployments (their data must keep working), so every key is written through here.
 */
export function redisKey(prefix: string, ...parts: string[]): string {
  return [prefix, ...parts].join(':');
}
