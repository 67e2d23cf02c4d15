import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisStoreHealth } from '../../src/adapters/redis/redis-store-health.ts';
import { TEST_REDIS_URL } from '../helpers/redis-prefix.ts';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

describe('Redis as the doctor sees it', () => {
  const connections: Redis[] = [];
  let child: ChildProcess | undefined;
  afterAll(() => {
    for (const c of connections) c.disconnect();
    child?.kill('SIGKILL');
  });
  const open = (url: string) => {
    const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: false });
    redis.on('error', () => undefined);
    connections.push(redis);
    return redis;
  };

  it('reads appendonly and maxmemory-policy as CONFIG GET reports them', async () => {
    const redis = open(TEST_REDIS_URL);
    const found = await new RedisStoreHealth(redis).inspect();
    const [, appendonly] = (await redis.config('GET', 'appendonly')) as string[];
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as string[];
    expect(found).toMatchObject({ reachable: true, appendOnly: appendonly === 'yes', evictionPolicy: policy, version: expect.stringMatching(/^\d+\.\d+/) });
  });

  it.skipIf(!hasRedisServer)('finds a private Redis run without persistence and with eviction (skipped when redis-server is not installed)', async () => {
    const port = await freePort();
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', tmpdir(), '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const stdout = child.stdout!;
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('Ready to accept connections')) resolve();
      });
      child!.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready: ${seen}`)));
    });
    const found = await new RedisStoreHealth(open(`redis://127.0.0.1:${port}`)).inspect();
    expect(found).toMatchObject({ reachable: true, appendOnly: false, evictionPolicy: 'allkeys-lru' });
  });

  it('reports a Redis that does not answer, with why, within its deadline', async () => {
    const redis = open(`redis://127.0.0.1:${await freePort()}`);
    const found = await new RedisStoreHealth(redis, 1000).inspect();
    expect(found.reachable).toBe(false);
    expect(found.error).toMatch(/ECONNREFUSED|Connection is closed|no answer/);
  });
});
