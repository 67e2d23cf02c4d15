import { execFileSync, spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/spawn-herald.ts';

/** A Node.js older than 24 on this machine (the system's, outside the Node 24 cache), if any. */
function findOldNode(): { path: string; version: string } | undefined {
  let candidates: string[] = [];
  try {
    candidates = execFileSync('which', ['-a', 'node'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    candidates = [];
  }
  for (const path of [...new Set([...candidates, '/usr/bin/node', '/usr/local/bin/node'])]) {
    const run = spawnSync(path, ['-p', 'process.version'], { encoding: 'utf8' });
    const version = run.stdout?.trim();
    if (run.status === 0 && version && Number(version.slice(1).split('.')[0]) < 24) return { path, version };
  }
  return undefined;
}

const old = findOldNode();
const reason = old ? '' : ' (skipped: no Node.js older than 24 on this machine)';

describe(`under an old Node.js${reason}`, () => {
  it.skipIf(!old)('herald and npm start say which Node is needed instead of ERR_UNKNOWN_FILE_EXTENSION', () => {
    const { path, version } = old!;
    const message = `Herald needs Node.js 24 or newer (this is ${version})`;
    for (const args of [['bin/herald.js', 'status'], ['bin/herald.js', 'start']]) {
      const run = spawnSync(path, args, { cwd: ROOT, encoding: 'utf8', timeout: 10_000 });
      expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(1);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toMatch(/ERR_UNKNOWN_FILE_EXTENSION/);
    }
    // npm start, with that Node first on PATH (what an operator with an old Node gets).
    const npm = spawnSync('npm', ['start', '--silent'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, PATH: `${dirname(path)}:${process.env.PATH}` } });
    expect(`${npm.stdout}${npm.stderr}`).toContain(message);
    expect(npm.status).not.toBe(0);
  });
});
