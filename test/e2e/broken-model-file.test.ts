import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/spawn-herald.ts';

/** A copy of Herald's code and data (node_modules linked), so one data file can be broken without touching the checkout. */
function copyOfHerald(): string {
  const dir = mkdtempSync(join(tmpdir(), 'herald-copy-'));
  for (const part of ['bin', 'config', 'src', 'jobs', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function classify(dir: string) {
  return spawnSync(process.execPath, ['bin/herald.js', 'classify'], {
    cwd: dir,
    input: '@SessionTechFND is this account official? @session_support_desk\n',
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: dir, NODE_DISABLE_COMPILE_CACHE: '1' },
  });
}

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('the classifier’s model file', () => {
  it('a broken config/mention-model.weights stops Herald with one line naming the file and the fix (exit code 2)', () => {
    const dir = copyOfHerald();
    copies.push(dir);
    // Positive control: the intact copy classifies.
    const intact = classify(dir);
    expect(intact.status, intact.stderr).toBe(0);
    expect(JSON.parse(intact.stdout.trim())).toMatchObject({ asksOfficial: true });

    writeFileSync(join(dir, 'config/mention-model.weights'), 'not the weights');
    const broken = classify(dir);
    expect(broken.status).toBe(2);
    expect(broken.stdout).toBe('');
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
    expect(broken.stderr).toMatch(/^Herald cannot start: config\/mention-model\.weights .*node bin\/train-mention-model\.ts --write/u);
  });
});
