import type { Logger } from 'pino';
import type { XPrices } from '../../domain/spend.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Metrics } from '../../ports/metrics.ts';
import type { RecordSpend, SpendMeter } from '../../ports/spend-meter.ts';
import { priceXCall } from './price-x-call.ts';

export interface SpendRecorderDeps {
  meter: SpendMeter;
  prices: XPrices;
  clock: Clock;
  log: Logger;
  /** The service's metrics (`herald_x_spend_usd_total`); the CLI has none. */
  metrics?: Pick<Metrics, 'xSpendUsdTotal'>;
}

/**
 * What the X adapters call after each billable call: prices it, adds it to the day's and the
 * month's totals and to the counter. Counting must never fail a post, so a store that does not
 * answer is logged, not thrown.
 */
export function createXSpendRecorder(deps: SpendRecorderDeps): RecordSpend {
  return async (call) => {
    const { kind, usd } = priceXCall(call, deps.prices);
    if (usd === 0) return;
    deps.metrics?.xSpendUsdTotal.inc({ kind }, usd);
    try {
      await deps.meter.add('x', kind, usd, deps.clock.now());
    } catch (error) {
      deps.log.warn({ kind, usd, error: (error as Error).message }, 'could not record X spend (the call itself went through)');
    }
  };
}
