import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/domain/audit-entry.ts';
import type { AuditLog } from '../../src/ports/audit-log.ts';
import { type OpenStores, STORE_FAMILIES } from './store-families.ts';

const entry = (at: number, action = 'pause'): AuditEntry => ({ at, actor: 'cli alice@ops-1', action, args: { platforms: ['x'], reason: 'incident' }, outcome: 'ok' });

describe.each(STORE_FAMILIES)('the audit log ($name)', (family) => {
  let open: OpenStores;
  let audit: AuditLog;
  beforeEach(async () => {
    open = await family.open();
    audit = open.stores.audit;
  });
  afterEach(() => open.close());

  it('gives back what was appended, oldest first, from `since` on', async () => {
    expect(await audit.list()).toEqual([]);
    await audit.append(entry(1000, 'pause'));
    await audit.append({ ...entry(2000, 'retract'), outcome: 'failed', detail: 'X could not be reached' });
    await audit.append(entry(3000, 'resume'));
    expect((await audit.list()).map((e) => e.action)).toEqual(['pause', 'retract', 'resume']);
    expect((await audit.list({ since: 2000 })).map((e) => e.action)).toEqual(['retract', 'resume']);
    expect((await audit.list({ since: 2000 }))[0]).toEqual({ ...entry(2000, 'retract'), outcome: 'failed', detail: 'X could not be reached' });
  });

  it('with a limit, the newest entries (still oldest first)', async () => {
    for (let i = 1; i <= 250; i++) await audit.append(entry(i));
    expect((await audit.list({ limit: 3 })).map((e) => e.at)).toEqual([248, 249, 250]);
    expect((await audit.list({ since: 10, limit: 1000 })).length).toBe(241);
  });
});
