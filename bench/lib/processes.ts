import { type ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { HERALD_BIN, ROOT } from '../../test/helpers/spawn-herald.ts';

export { HERALD_BIN, ROOT };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A TCP port free on 127.0.0.1 right now (the child binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Child {
  child: ChildProcess;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** stdout/stderr lines seen so far (only the count: a long run logs tens of thousands). */
  lines(): number;
  /** The last 16 KB of output, for error messages. */
  tail(): string;
  /** SIGTERM, then SIGKILL (this child only) if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns `node <args>` in the repo with exactly `env` (plus PATH), output counted and tailed;
 * `onLine` sees every stdout line (Herald's JSON log lines).
 */
export function spawnNode(args: string[], env: Record<string, string>, onLine?: (line: string) => void): Child {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return track(child, onLine);
}

/**
 * Forks a benchmark helper (a .ts file) with exactly `env` (plus PATH): its stdout (Herald's
 * log lines) is drained and counted as for `herald start`, its messages go to `onMessage`.
 */
export function forkNode(file: string, env: Record<string, string>, onMessage: (message: unknown) => void, execArgv: string[] = []): Child {
  const child = fork(file, [], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv });
  child.on('message', onMessage);
  return track(child);
}

/** Counts and tails a child's output (`onLine` sees each stdout line) and gives it a bounded stop. */
function track(child: ChildProcess, onLine?: (line: string) => void): Child {
  let lines = 0;
  let tail = '';
  let partial = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines += 1;
    tail = (tail + text).slice(-16_384);
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    onData(chunk);
    if (!onLine) return;
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) onLine(line);
  });
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const stop = async (graceMs = 8000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!done) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  return { child, pid: child.pid ?? -1, exited, lines: () => lines, tail: () => tail, stop };
}

/** The launcher that `npm start` and the image run (it checks the Node version, enables the compile cache, then runs bin/herald.ts). */
export const HERALD_LAUNCHER = `${ROOT}bin/herald.js`;

/** `node [nodeFlags] bin/herald.js start`, the way it runs in production (the image adds its CMD's flags). */
export function spawnHeraldStart(env: Record<string, string>, onLine?: (line: string) => void, nodeFlags: string[] = []): Child {
  return spawnNode([...nodeFlags, HERALD_LAUNCHER, 'start'], env, onLine);
}

/** Resolves once GET /readyz answers 200; returns the milliseconds (performance.now()) at that moment. */
export async function waitForReady(port: number, child: Child, timeoutMs = 15_000, intervalMs = 10): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return performance.now();
    } catch {
      // not listening yet
    }
    if (child.child.exitCode !== null) throw new Error(`herald exited before it was ready:\n${child.tail()}`);
    if (performance.now() > deadline) throw new Error(`herald was not ready within ${timeoutMs} ms:\n${child.tail()}`);
    await sleep(intervalMs);
  }
}

/**
 * Resident set size of a process, its peak (VmHWM), and its split into anonymous memory (heap,
 * stacks) and file-backed pages (mostly the node binary's own code, shared between processes),
 * in bytes (Linux /proc).
 */
export function rssOf(pid: number): { rss: number; peak: number; anon: number; file: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM'), anon: kb('RssAnon'), file: kb('RssFile') };
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; clock ticks of 10 ms). */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
