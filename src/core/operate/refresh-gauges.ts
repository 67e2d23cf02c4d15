import { PLATFORMS } from '../../domain/platform.ts';
import type { ItemCatalog } from '../../ports/item-catalog.ts';
import type { Metrics } from '../../ports/metrics.ts';
import type { PlatformState } from '../../ports/platform-state.ts';
import type { QueueControl } from '../../ports/queue-control.ts';

export interface GaugeSources {
  metrics: Metrics;
  control: Pick<QueueControl, 'jobCounts'>;
  platforms: Pick<PlatformState, 'pauseOf'>;
  items: Pick<ItemCatalog, 'latest'>;
}

/** Sets the gauges (queue sizes, pauses, held items) from the stores, just before a scrape. */
export async function refreshGauges(sources: GaugeSources): Promise<void> {
  const { metrics } = sources;
  for (const [queue, counts] of Object.entries(await sources.control.jobCounts())) {
    for (const [state, count] of Object.entries(counts)) metrics.queueJobs.set({ queue, state }, count);
  }
  for (const platform of PLATFORMS) {
    metrics.platformPaused.set({ platform }, (await sources.platforms.pauseOf(platform)) ? 1 : 0);
  }
  metrics.itemsHeld.set({}, (await sources.items.latest(1000, (r) => r.status === 'held')).length);
}
