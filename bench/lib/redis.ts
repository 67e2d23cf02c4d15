import { randomUUID } from 'node:crypto';
import net from 'node:net';
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

export const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

/** `get 2, set 1, evalsha 1`: a command count map, largest first; those under 0.01 per unit summed as "others". */
export function describeCounts(counts: Map<string, number>, per = 1): string {
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  const shown = sorted.filter(([, n]) => n / per >= 0.01);
  const rest = sorted.filter(([, n]) => n / per < 0.01).reduce((sum, [, n]) => sum + n, 0);
  const text = (n: number) => (Number.isInteger(n / per) ? String(n / per) : (n / per).toFixed(2));
  return [...shown.map(([name, n]) => `${name} ${text(n)}`), ...(rest > 0 ? [`others ${(rest / per).toFixed(3)}`] : [])].join(', ');
}

/**
 * Counts every command this client sends (pipelines and MULTI included: ioredis sends each of
 * their commands through `sendCommand`; an EVAL/EVALSHA counts once, not the calls inside it).
 */
export class CommandCounter {
  readonly counts = new Map<string, number>();
  /** Local ports of the connections that sent them, to recognise them in MONITOR's output. */
  readonly ports = new Set<number>();

  reset(): void {
    this.counts.clear();
  }

  get total(): number {
    return total(this.counts);
  }

  private count(name: string, redis: Redis): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    const port = (redis as unknown as { stream?: { localPort?: number } }).stream?.localPort;
    if (port !== undefined) this.ports.add(port);
  }

  /** Counts the commands of one connection. */
  attach(redis: Redis): this {
    const original = redis.sendCommand.bind(redis);
    const patched = (...args: Parameters<Redis['sendCommand']>) => {
      this.count(String(args[0].name).toLowerCase(), redis);
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
      counter.count(String(args[0].name).toLowerCase(), this);
      return original.apply(this, args);
    } as Redis['sendCommand'];
    return this;
  }
}

interface MonitoredCommand {
  name: string;
  /** `127.0.0.1:PORT`, or `lua` for a command run inside a script. */
  source: string;
  /** Whether any argument is a key under the prefix being watched. */
  ours: boolean;
  /** The argument of an ECHO (sync markers). */
  echo?: string;
}

/**
 * The commands the server executes for one client process, commands inside Lua scripts
 * included, attributed exactly although the Redis is shared: MONITOR lists every command with
 * the address of its client (`lua` for those a script runs, which name the script's keys). A
 * command counts if it came from one of `ports`, or ran in a script and touches a key under
 * the prefix. MONITOR slows the server a little, so it runs only around the measured polls.
 */
export class ServerCommandMonitor {
  private readonly events: MonitoredCommand[] = [];
  private readonly redis: Redis;
  private readonly keyPrefix: string;
  private monitor: Redis | undefined;

  private constructor(prefix: string) {
    this.redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    this.keyPrefix = `${prefix}:`;
  }

  static async start(prefix: string): Promise<ServerCommandMonitor> {
    const m = new ServerCommandMonitor(prefix);
    await m.redis.connect();
    m.monitor = await m.redis.monitor();
    m.monitor.on('monitor', (_time: string, args: string[], source: string) => {
      const name = String(args[0] ?? '').toLowerCase();
      m.events.push({ name, source, ours: args.some((a) => String(a).startsWith(m.keyPrefix)), echo: name === 'echo' ? String(args[1]) : undefined });
    });
    return m;
  }

  /** Forgets what was seen so far. */
  clear(): void {
    this.events.length = 0;
  }

  /** Resolves once MONITOR has delivered every command the server ran before this call. */
  async sync(): Promise<void> {
    const marker = `bench-monitor-sync-${Math.random().toString(36).slice(2)}`;
    // A bare socket, not ioredis: a process-wide command counter must not see the probe.
    const url = new URL(REDIS_URL);
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(url.port || 6379), url.hostname, () => {
        socket.write(`*2\r\n$4\r\nECHO\r\n$${marker.length}\r\n${marker}\r\n`);
      });
      socket.once('data', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', reject);
    });
    const deadline = Date.now() + 5000;
    for (;;) {
      if (this.events.some((e) => e.echo === marker)) return;
      if (Date.now() > deadline) throw new Error('MONITOR did not deliver the sync marker within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Commands of the client process that owns `ports`, by name, and how many others ran meanwhile. */
  count(ports: ReadonlySet<number>): { ours: Map<string, number>; others: number } {
    const ours = new Map<string, number>();
    let others = 0;
    for (const e of this.events) {
      if (e.echo?.startsWith('bench-monitor-sync-')) continue;
      const port = Number(e.source.slice(e.source.lastIndexOf(':') + 1));
      const mine = e.source === 'lua' ? e.ours : ports.has(port);
      if (mine) ours.set(e.name, (ours.get(e.name) ?? 0) + 1);
      else others += 1;
    }
    return { ours, others };
  }

  async stop(): Promise<void> {
    this.monitor?.disconnect();
    this.redis.disconnect();
  }
}
