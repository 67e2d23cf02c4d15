import type { Platform } from '../../domain/platform.ts';
import { fromMicros, type SpendKind, toMicros, utcDay, utcMonth } from '../../domain/spend.ts';
import type { SpendMeter, SpendTotals } from '../../ports/spend-meter.ts';

export class MemorySpendMeter implements SpendMeter {
  readonly #micros = new Map<string, Map<SpendKind, number>>();
  readonly #reached = new Map<string, Set<string>>();

  async add(platform: Platform, kind: SpendKind, usd: number, at: number): Promise<void> {
    for (const period of [`day ${utcDay(at)}`, `month ${utcMonth(at)}`]) {
      const key = `${platform} ${period}`;
      const totals = this.#micros.get(key) ?? new Map<SpendKind, number>();
      totals.set(kind, (totals.get(kind) ?? 0) + toMicros(usd));
      this.#micros.set(key, totals);
    }
  }

  async totals(platform: Platform, at: number): Promise<SpendTotals> {
    const read = (period: string) => Object.fromEntries([...(this.#micros.get(`${platform} ${period}`) ?? [])].map(([k, v]) => [k, fromMicros(v)]));
    const day = utcDay(at);
    const month = utcMonth(at);
    return { day, month, today: read(`day ${day}`), thisMonth: read(`month ${month}`), budgetsReached: [...(this.#reached.get(`${platform} ${day}`) ?? [])].sort() };
  }

  async noteBudgetReached(platform: Platform, budget: string, at: number): Promise<boolean> {
    const key = `${platform} ${utcDay(at)}`;
    const reached = this.#reached.get(key) ?? new Set<string>();
    this.#reached.set(key, reached);
    if (reached.has(budget)) return false;
    reached.add(budget);
    return true;
  }
}
