import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { type FakeWorld, startFakeWorld } from './fake-world.ts';
import { type HeraldProcess, spawnHerald } from './spawn-herald.ts';
import { waitFor } from './wait-for.ts';

/**
 * The set-up of the process-level proofs (several replicas, SIGKILL, a Redis outage): a fake
 * world per test, `herald start` processes on it, each killed and the world closed after the
 * test. Call inside a `describe`; read `fleet.world` / `fleet.env` in the tests.
 */
export interface HeraldFleet {
  world: FakeWorld;
  /** The environment the next `start()` uses; a test may change it first (REDIS_URL...). */
  env: Record<string, string>;
  /** Starts one more `herald start` on `env`. */
  start(): HeraldProcess;
}

export function useHeraldFleet(extra: Record<string, string> = {}): HeraldFleet {
  let processes: HeraldProcess[] = [];
  const fleet = {
    start() {
      const herald = spawnHerald(['start'], fleet.env);
      processes.push(herald);
      return herald;
    },
  } as HeraldFleet;
  beforeEach(async () => {
    fleet.world = await startFakeWorld();
    // Short job locks: a killed replica's job is taken over within a second or two.
    fleet.env = fleet.world.env({ JOB_LOCK_SECONDS: '1', LOG_LEVEL: 'info', ...extra });
  });
  afterEach(async () => {
    for (const p of processes) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    processes = [];
    await fleet.world.close();
  });
  return fleet;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A redis-server of the test's own (append-only, so a restart keeps the data), on `port`. */
export interface OwnRedis {
  url: string;
  /** Starts it (again) and resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGTERM, as a crash-free stop; resolves once it has exited. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash; resolves once it has exited. */
  kill(): Promise<void>;
  /** Kills it and removes its data folder. */
  dispose(): void;
}

export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'herald-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction'];
  let server: ChildProcess | undefined;
  const accepts = () => listens(port);
  const end = async (signal: NodeJS.Signals) => {
    const running = server;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      server = spawn('redis-server', args, { stdio: 'ignore' });
      await waitFor(accepts, 'redis-server to listen');
    },
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    dispose() {
      server?.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function listens(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
