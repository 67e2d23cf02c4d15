import type { Platform } from '../store/redis-store.ts';
import type { OperatorContext } from './operator-context.ts';

/**
 * The kill switch. Pausing stops the platform's publish queue globally (BullMQ pause: no
 * worker of any replica takes a new job; the one in flight finishes) and records the reason,
 * which the workers also check before each call. Both live in Redis, so a pause survives
 * restarts until `herald resume`.
 */
export async function pausePlatforms(
  ctx: OperatorContext,
  platforms: readonly Platform[],
  reason: string,
  by = 'cli',
): Promise<Array<{ platform: Platform; paused: true; reason: string }>> {
  const out = [];
  for (const platform of platforms) {
    await ctx.store.setPause(platform, { reason, since: ctx.now(), by });
    await ctx.queues.publish[platform].pause();
    out.push({ platform, paused: true as const, reason });
  }
  return out;
}

export async function resumePlatforms(
  ctx: OperatorContext,
  platforms: readonly Platform[],
): Promise<Array<{ platform: Platform; paused: false }>> {
  const out = [];
  for (const platform of platforms) {
    await ctx.store.setPause(platform, undefined);
    await ctx.queues.publish[platform].resume();
    out.push({ platform, paused: false as const });
  }
  return out;
}
