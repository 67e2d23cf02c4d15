import type { Platform } from '../domain/platform.ts';
import type { BillableCall, SpendKind } from '../domain/spend.ts';

/** Spend of one UTC day and month, in USD per kind (kinds never billed are absent). */
export interface SpendTotals {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  /** `YYYY-MM` (UTC). */
  month: string;
  today: Partial<Record<SpendKind, number>>;
  thisMonth: Partial<Record<SpendKind, number>>;
  /** The budgets reached that day (`reply`, `daily`), each noted once. */
  budgetsReached: string[];
}

/**
 * What a platform cost, per UTC day and month, shared by every replica (and the CLI). Amounts
 * are kept exactly (millionths of a dollar), so the totals match the calls one for one.
 */
export interface SpendMeter {
  add(platform: Platform, kind: SpendKind, usd: number, at: number): Promise<void>;
  totals(platform: Platform, at: number): Promise<SpendTotals>;
  /** Notes a budget reached on the UTC day of `at`; true only the first time that day (of all replicas). */
  noteBudgetReached(platform: Platform, budget: string, at: number): Promise<boolean>;
}

/** What the X adapters call after each billable call they made; it never throws. */
export type RecordSpend = (call: BillableCall) => Promise<void>;
