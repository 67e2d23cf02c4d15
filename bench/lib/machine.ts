import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { redisInfo } from './redis.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  redis: string;
  redisBackground: string;
  commit: string;
  /** Files of the service (src/, jobs/, config/, bin/) that differ from the commit when the suite ran. */
  uncommitted: string[];
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

export async function machineInfo(): Promise<MachineInfo> {
  const server = await redisInfo('server');
  const stats = await redisInfo('stats');
  const clients = await redisInfo('clients');
  const status = git(['status', '--porcelain', '--', 'src', 'jobs', 'config', 'bin']);
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    redis: server.redis_version ?? 'unknown',
    redisBackground: `${clients.connected_clients ?? '?'} clients connected, ${stats.instantaneous_ops_per_sec ?? '?'} ops/s when the suite started`,
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    uncommitted: status === '' ? [] : status.split('\n').map((l) => l.trim()),
  };
}
