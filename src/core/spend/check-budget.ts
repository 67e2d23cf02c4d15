import type { Logger } from 'pino';
import { nextUtcDay, REPLY_SIDE_KINDS, type SpendKind, toMicros, type XPrices } from '../../domain/spend.ts';
import type { SpendMeter, SpendTotals } from '../../ports/spend-meter.ts';

export interface BudgetDeps {
  spend: SpendMeter;
  prices: XPrices;
  /** `X_REPLY_DAILY_BUDGET_USD` and `X_DAILY_BUDGET_USD` (undefined: no overall cap). */
  limits: { replyDailyUsd: number; dailyUsd: number | undefined };
  log: Logger;
}

/** A call that has to wait for the next UTC day, and why (in words, with the amounts). */
export interface BudgetHold {
  budget: 'reply' | 'daily';
  until: number;
  why: string;
}

const usd = (micros: number) => `$${(micros / 1_000_000).toFixed(3)}`;

/** Today's spend in micro-dollars: everything, and what strangers can make Herald spend (replies, mention reads). */
function spentToday(totals: SpendTotals): { all: number; replySide: number } {
  let all = 0;
  let replySide = 0;
  for (const [kind, amount] of Object.entries(totals.today)) {
    all += toMicros(amount ?? 0);
    if (REPLY_SIDE_KINDS.includes(kind as SpendKind)) replySide += toMicros(amount ?? 0);
  }
  return { all, replySide };
}

/**
 * Whether a call of `kind` costing `cost` may go out today. A reply waits when it would take the
 * replies' spend (replies and mention reads) over `X_REPLY_DAILY_BUDGET_USD`, or everything over
 * `X_DAILY_BUDGET_USD`. An announcement is held only by the overall cap, and counts only the
 * Foundation's own spend against it: reply spend can never hold an announcement back, so a
 * flood of questions cannot silence the Foundation (the day's total may then pass the cap by at
 * most the replies' spend). The first hold of a budget each UTC day is logged (once, across
 * replicas); `herald status` shows it.
 */
export async function checkBudget(kind: SpendKind, cost: number, now: number, deps: BudgetDeps): Promise<BudgetHold | undefined> {
  const totals = await deps.spend.totals('x', now);
  const { all, replySide } = spentToday(totals);
  const price = toMicros(cost);
  const { replyDailyUsd, dailyUsd } = deps.limits;
  const isReplySide = REPLY_SIDE_KINDS.includes(kind);
  let hold: BudgetHold | undefined;
  if (isReplySide && replySide + price > toMicros(replyDailyUsd)) {
    hold = { budget: 'reply', until: nextUtcDay(now), why: `the reply budget (X_REPLY_DAILY_BUDGET_USD ${usd(toMicros(replyDailyUsd))}) is spent for today: ${usd(replySide)} so far, this reply costs ${usd(price)}` };
  } else if (dailyUsd !== undefined && (isReplySide ? all : all - replySide) + price > toMicros(dailyUsd)) {
    hold = { budget: 'daily', until: nextUtcDay(now), why: `the daily X budget (X_DAILY_BUDGET_USD ${usd(toMicros(dailyUsd))}) is spent for today: ${usd(all)} so far, this call costs ${usd(price)}` };
  }
  if (hold && (await deps.spend.noteBudgetReached('x', hold.budget, now))) {
    deps.log.warn({ budget: hold.budget, until: new Date(hold.until).toISOString() }, `${hold.why}; ${isReplySide ? 'replies wait' : 'posts wait'} until 00:00 UTC`);
  }
  return hold;
}

/**
 * Whether X mentions may be read now: not once a reply had to wait today, nor when not even a
 * reply without a link could be paid for (mention reads are reply spend too: a flood of
 * mentions would otherwise keep costing). Tomorrow's first check reads what came meanwhile.
 */
export async function mentionReadsAllowed(now: number, deps: BudgetDeps): Promise<boolean> {
  const { budgetsReached } = await deps.spend.totals('x', now);
  if (budgetsReached.includes('reply') || budgetsReached.includes('daily')) return false;
  return (await checkBudget('mentions-read', deps.prices.reply, now, deps)) === undefined;
}
