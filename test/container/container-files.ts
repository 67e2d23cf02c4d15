/**
 * compose.yaml and .env.example as the container tests read them (compose.yaml with `yaml`),
 * plus small process helpers: a free port, a child process with its output kept.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/spawn-herald.ts';

export { ROOT };

export interface ComposeHealthcheck {
  test?: string | string[];
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  restart?: string;
  env_file?: string | Array<string | { path: string; required?: boolean }>;
  environment?: Record<string, string | number | boolean | null> | string[];
  secrets?: Array<string | { source: string; target?: string }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: ComposeHealthcheck;
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
  ports?: Array<string | number | { target: number; published?: string | number }>;
  stop_grace_period?: string;
  init?: boolean;
  container_name?: string;
  read_only?: boolean;
  tmpfs?: string | string[];
  cap_drop?: string[];
  security_opt?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  secrets?: Record<string, { file?: string; environment?: string }>;
}

export function loadCompose(root = ROOT): ComposeFile {
  return parse(readFileSync(join(root, 'compose.yaml'), 'utf8')) as ComposeFile;
}

/** A service's `environment:` (map or list form) as a plain map of strings. */
export function serviceEnvironment(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const eq = entry.indexOf('=');
        return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** The secret names a service mounts, with their path inside the container. */
export function serviceSecrets(service: ComposeService): Array<{ name: string; target: string }> {
  return (service.secrets ?? []).map((s) => {
    const name = typeof s === 'string' ? s : s.source;
    const target = typeof s === 'string' || s.target === undefined ? `/run/secrets/${name}` : s.target;
    return { name, target: target.startsWith('/') ? target : `/run/secrets/${target}` };
  });
}

export interface EnvFile {
  /** Assignments in effect (uncommented), as compose reads them. */
  active: Record<string, string>;
  /** Commented-out assignments (`# NAME=value`): the documented defaults. */
  documented: Record<string, string>;
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}

/** Reads a `.env` file: `NAME=value` lines in effect, `# NAME=value` lines as documentation. */
export function parseEnvFile(text: string): EnvFile {
  const active: Record<string, string> = {};
  const documented: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const commented = /^#\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (commented) {
      documented[commented[1]!] = unquote(commented[2]!);
      continue;
    }
    const assignment = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (assignment) active[assignment[1]!] = unquote(assignment[2]!);
  }
  return { active, documented };
}

export function readEnvExample(root = ROOT): EnvFile {
  return parseEnvFile(readFileSync(join(root, '.env.example'), 'utf8'));
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export interface ProcessOptions {
  cwd: string;
  env: Record<string, string>;
  uid?: number;
  gid?: number;
}

/** Starts a process with exactly `env`; stdout and stderr are kept (interleaved) for messages. */
export function startProcess(command: string, args: string[], options: ProcessOptions): RunningProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    uid: options.uid,
    gid: options.gid,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => {
    output += String(c);
  });
  child.stderr!.on('data', (c) => {
    output += String(c);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.once('error', (error) => {
      output += `\n(spawn error: ${error.message})`;
      resolve({ code: null, signal: null, at: Date.now() });
    });
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
  });
  return { child, output: () => output, exited };
}

/** Runs a process to its end; kills it at the deadline. */
export async function runProcess(
  command: string,
  args: string[],
  options: ProcessOptions & { timeoutMs?: number },
): Promise<{ code: number | null; output: string }> {
  const proc = startProcess(command, args, options);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
  const { code } = await proc.exited;
  clearTimeout(timer);
  return { code, output: proc.output() };
}
