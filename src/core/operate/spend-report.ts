import { nextUtcDay, REPLY_SIDE_KINDS, type SpendKind, toMicros } from '../../domain/spend.ts';
import type { OperatorContext } from './operator-context.ts';

/** X's spend as `herald status` shows it (USD; UTC days and months). */
export interface SpendReport {
  day: string;
  month: string;
  today: { totalUsd: number; byKind: Partial<Record<SpendKind, number>> };
  thisMonth: { totalUsd: number; byKind: Partial<Record<SpendKind, number>> };
  /** X_REPLY_DAILY_BUDGET_USD against replies and mention reads; `waitingUntil` once reached today. */
  replyBudget: { limitUsd: number; spentUsd: number; waitingUntil: string | null };
  /** X_DAILY_BUDGET_USD (null: no cap); `waitingUntil` once reached today. */
  dailyBudget: { limitUsd: number | null; waitingUntil: string | null };
}

const sum = (byKind: Partial<Record<SpendKind, number>>, kinds?: readonly SpendKind[]) =>
  Object.entries(byKind)
    .filter(([kind]) => kinds === undefined || kinds.includes(kind as SpendKind))
    .reduce((total, [, usd]) => total + toMicros(usd ?? 0), 0) / 1_000_000;

/** Today's and this month's X spend, and where the budgets stand. */
export async function spendReport(ctx: Pick<OperatorContext, 'stores' | 'config' | 'clock'>): Promise<SpendReport> {
  const now = ctx.clock.now();
  const totals = await ctx.stores.spend.totals('x', now);
  const tomorrow = new Date(nextUtcDay(now)).toISOString();
  const { replyDailyUsd, dailyUsd } = ctx.config.x.budget;
  return {
    day: totals.day,
    month: totals.month,
    today: { totalUsd: sum(totals.today), byKind: totals.today },
    thisMonth: { totalUsd: sum(totals.thisMonth), byKind: totals.thisMonth },
    replyBudget: { limitUsd: replyDailyUsd, spentUsd: sum(totals.today, REPLY_SIDE_KINDS), waitingUntil: totals.budgetsReached.includes('reply') ? tomorrow : null },
    dailyBudget: { limitUsd: dailyUsd ?? null, waitingUntil: totals.budgetsReached.includes('daily') ? tomorrow : null },
  };
}
