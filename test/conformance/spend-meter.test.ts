import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpendMeter } from '../../src/ports/spend-meter.ts';
import { type OpenStores, STORE_FAMILIES } from './store-families.ts';

const at = (iso: string) => Date.parse(iso);

describe.each(STORE_FAMILIES)('the spend meter ($name)', (family) => {
  let open: OpenStores;
  let spend: SpendMeter;
  beforeEach(async () => {
    open = await family.open();
    spend = open.stores.spend;
  });
  afterEach(() => open.close());

  it('adds up per kind, per UTC day and month, exactly (no float drift over many small reads)', async () => {
    await Promise.all(Array.from({ length: 300 }, () => spend.add('x', 'read', 0.001, at('2026-03-02T23:59:00Z'))));
    await spend.add('x', 'post', 0.2, at('2026-03-02T10:00:00Z'));
    await spend.add('x', 'post', 0.2, at('2026-03-03T00:00:00Z'));
    const monday = await spend.totals('x', at('2026-03-02T12:00:00Z'));
    expect(monday).toEqual({ day: '2026-03-02', month: '2026-03', today: { read: 0.3, post: 0.2 }, thisMonth: { read: 0.3, post: 0.4 }, budgetsReached: [] });
    expect((await spend.totals('x', at('2026-03-03T08:00:00Z'))).today).toEqual({ post: 0.2 });
    expect((await spend.totals('x', at('2026-04-01T00:00:00Z'))).thisMonth).toEqual({});
    expect((await spend.totals('mastodon', at('2026-03-02T12:00:00Z'))).today).toEqual({});
  });

  it('notes a budget reached once per UTC day, for every replica', async () => {
    expect(await spend.noteBudgetReached('x', 'reply', at('2026-03-02T10:00:00Z'))).toBe(true);
    expect(await spend.noteBudgetReached('x', 'reply', at('2026-03-02T11:00:00Z'))).toBe(false);
    expect(await spend.noteBudgetReached('x', 'daily', at('2026-03-02T11:00:00Z'))).toBe(true);
    expect((await spend.totals('x', at('2026-03-02T12:00:00Z'))).budgetsReached).toEqual(['daily', 'reply']);
    expect(await spend.noteBudgetReached('x', 'reply', at('2026-03-03T00:00:01Z'))).toBe(true);
  });
});
