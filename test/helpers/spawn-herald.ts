import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const HERALD_BIN = fileURLToPath(new URL('../../bin/herald.ts', import.meta.url));

export interface HeraldProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** The port from the "Herald started" log line. */
  port: () => Promise<number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Node's on-disk compile cache (V8 code cache per module, checked against the file's content and
 * the Node version), shared by every Herald the tests start: the e2e files start dozens, and each
 * compiles the same modules; with the cache a start costs about a third less CPU. Behaviour is
 * unchanged, so the processes still run what production runs.
 */
const COMPILE_CACHE = join(tmpdir(), 'herald-test-compile-cache');

/** Runs `herald <args>` as a child process with exactly `env` (plus PATH and the compile cache). */
export function spawnHerald(args: string[], env: Record<string, string>, cwd = ROOT): HeraldProcess {
  const child = spawn(process.execPath, [HERALD_BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', NODE_COMPILE_CACHE: COMPILE_CACHE, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => {
    out += String(chunk);
  });
  child.stderr!.on('data', (chunk) => {
    err += String(chunk);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    port: async () => {
      let port: number | undefined;
      await waitFor(
        () => {
          const match = /"port":(\d+)[^\n]*"msg":"Herald started"/.exec(out);
          if (match) port = Number(match[1]);
          return port !== undefined || child.exitCode !== null;
        },
        'the "Herald started" log line',
        { timeoutMs: 60_000 },
      );
      if (port === undefined) throw new Error(`herald exited early:\n${err}\n${out}`);
      return port;
    },
  };
}

/** Runs `herald <args>` to completion. */
export async function runHerald(
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawnHerald(args, env);
  if (input !== undefined) proc.child.stdin!.end(input);
  else proc.child.stdin!.end();
  const { code } = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}
