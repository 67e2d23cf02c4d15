import type { Platform } from '../../domain/platform.ts';
import type { OperatorContext } from './operator-context.ts';

/**
 * The kill switch. Pausing stops the platform's publish queue globally (no worker of any
 * replica takes a new job; the one in flight finishes) and records the reason, which the
 * workers also check before each call. Both are stored, so a pause survives restarts until
 * `herald resume`.
 */
export async function pausePlatforms(
  ctx: OperatorContext,
  platforms: readonly Platform[],
  reason: string,
): Promise<Array<{ platform: Platform; paused: true; reason: string }>> {
  const out = [];
  for (const platform of platforms) {
    await ctx.stores.platforms.setPause(platform, { reason, since: ctx.clock.now(), by: ctx.actor });
    await ctx.control.pausePublishing(platform);
    out.push({ platform, paused: true as const, reason });
  }
  return out;
}

export async function resumePlatforms(ctx: OperatorContext, platforms: readonly Platform[]): Promise<Array<{ platform: Platform; paused: false }>> {
  const out = [];
  for (const platform of platforms) {
    await ctx.stores.platforms.setPause(platform, undefined);
    await ctx.control.resumePublishing(platform);
    out.push({ platform, paused: false as const });
  }
  return out;
}
