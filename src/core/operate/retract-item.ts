import type { Item } from '../../domain/item.ts';
import { type LedgerEntry, markRetracted, type Retraction } from '../../domain/ledger-entry.ts';
import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import type { ExistingPostQuery } from '../../ports/publisher.ts';
import { findItem } from './find-item.ts';
import type { OperatorContext } from './operator-context.ts';
import { OperatorError } from './operator-error.ts';

/**
 * What happened on one platform: `deleted` now; `already-gone` (deleted before, or by hand);
 * `not-posted` (nothing went out there, and now nothing will); `already-retracted`; `failed`
 * (the platform did not delete it: `error` says why, and running retract again is safe).
 */
export type RetractStatus = 'deleted' | 'already-gone' | 'not-posted' | 'already-retracted' | 'failed';

export interface RetractResult {
  key: string;
  title?: string;
  link?: string;
  reason: string;
  platforms: Array<{ platform: Platform; ledgerKey: string; status: RetractStatus; remoteId?: string; url?: string; error?: string }>;
}

type Outcome = RetractResult['platforms'][number];

/** How far back a post made by an attempt with an unknown outcome is looked for (clock skew). */
const SKEW_MS = 60_000;

/**
 * `herald retract`: takes an announcement back. The ledger entry turns `retracted` (who, when,
 * why) *before* the platform is asked to delete, so no retry, repost or job in flight can post
 * it again; then the post is deleted on each platform where it went out (and the item's reposts
 * with it). A platform that fails to delete says so; running it again retries the deletion.
 * `ref` is an item (latest, key, guid, link) or the ledger key of a repost or a reply.
 */
export async function retractItem(ctx: OperatorContext, ref: string, platforms: readonly Platform[], reason: string): Promise<RetractResult> {
  const why = reason.trim();
  if (why === '') throw new OperatorError('A retraction needs a reason: add --reason "…" (it is kept in the ledger and the audit log).');
  const retraction: Retraction = { by: ctx.actor, at: ctx.clock.now(), reason: why };
  const { item, source, keys } = await targetsOf(ctx, ref.trim(), platforms);
  if (keys.length === 0) throw new OperatorError(`Nothing is recorded under "${ref.trim()}" on ${platforms.join(', ')}.`, 404);
  if (item && coversEveryLivePlatform(ctx, platforms) && item.status !== 'retracted') {
    await ctx.stores.items.update({ ...item, status: 'retracted', retraction });
  }
  const result: RetractResult = { key: item?.id ?? ref.trim(), title: item?.title, link: item?.link, reason: why, platforms: [] };
  for (const { platform, ledgerKey } of keys) {
    result.platforms.push(await retractOne(ctx, platform, ledgerKey, retraction, source));
  }
  return result;
}

/**
 * The item itself is retracted (never announced again anywhere) when the retraction covers every
 * platform Herald posts to for real; a platform in dry run (Bluesky without credentials, say)
 * does not keep an item alive. Under a global dry run every platform counts.
 */
function coversEveryLivePlatform(ctx: OperatorContext, platforms: readonly Platform[]): boolean {
  const live = PLATFORMS.filter((p) => !ctx.config[p].dryRun);
  return (live.length > 0 ? live : PLATFORMS).every((p) => platforms.includes(p));
}

/**
 * The ledger keys to retract: the item's own and its reposts', or the one repost or reply named;
 * `source` is the item whose link the posts carry (to find one whose outcome was unknown).
 */
async function targetsOf(ctx: OperatorContext, ref: string, platforms: readonly Platform[]) {
  const ledger = ctx.stores.ledger;
  if (/^(repost|reply)-/.test(ref)) {
    const entries = await ledger.entries(ref);
    if (Object.keys(entries).length === 0) throw new OperatorError(`No post is recorded under "${ref}" (see "herald status").`, 404);
    const itemId = /^repost-(.+)-\d+$/.exec(ref)?.[1];
    const source = itemId === undefined ? undefined : await ctx.stores.items.get(itemId);
    return { item: undefined, source, keys: platforms.filter((p) => entries[p] !== undefined).map((platform) => ({ platform, ledgerKey: ref })) };
  }
  const item: Item = await findItem(ctx, ref);
  const keys = [];
  for (const platform of platforms) {
    keys.push({ platform, ledgerKey: item.id });
    for (const repost of (await ledger.keysStartingWith(platform, `repost-${item.id}-`)).sort()) keys.push({ platform, ledgerKey: repost });
  }
  return { item, source: item, keys };
}

async function retractOne(ctx: OperatorContext, platform: Platform, ledgerKey: string, retraction: Retraction, item: Item | undefined): Promise<Outcome> {
  const ledger = ctx.stores.ledger;
  const entry = await ledger.get(ledgerKey, platform);
  const base = { platform, ledgerKey, remoteId: entry?.remoteId, url: entry?.url };
  if (entry?.state === 'retracted' && (entry.deleted === true || (entry.remoteId === undefined && entry.attemptedAt === undefined))) {
    return { ...base, status: 'already-retracted' };
  }
  const retracted = entry?.state === 'retracted' ? entry : markRetracted(entry, retraction, ctx.clock.now());
  await ledger.set(ledgerKey, platform, retracted);
  if (entry?.dryRun || (entry?.remoteId === undefined && entry?.attemptedAt === undefined)) {
    await ledger.set(ledgerKey, platform, { ...retracted, deleted: true });
    return { ...base, status: 'not-posted' };
  }
  const until = await ctx.stores.platforms.rateLimitedUntil(platform);
  if (until !== undefined && until > ctx.clock.now()) {
    const error = `${platform} is rate-limited until ${new Date(until).toISOString()}: run this retract again after that`;
    await ledger.set(ledgerKey, platform, { ...retracted, reason: error });
    return { ...base, status: 'failed', error };
  }
  return deleteRemote(ctx, platform, ledgerKey, retracted, lookFor(ledgerKey, item, retracted));
}

/** The post of an attempt whose outcome was unknown: by its link (announcement, repost) or the mention it answers. */
function lookFor(ledgerKey: string, item: Item | undefined, entry: LedgerEntry): ExistingPostQuery {
  const since = (entry.attemptedAt ?? entry.updatedAt) - SKEW_MS;
  return ledgerKey.startsWith('reply-') ? { inReplyToId: ledgerKey.slice('reply-'.length), since } : { link: item?.link, since };
}

async function deleteRemote(ctx: OperatorContext, platform: Platform, ledgerKey: string, entry: LedgerEntry, query: ExistingPostQuery): Promise<Outcome> {
  const ledger = ctx.stores.ledger;
  const publisher = ctx.publishers[platform];
  const base = { platform, ledgerKey, remoteId: entry.remoteId, url: entry.url };
  try {
    let remoteId = entry.remoteId;
    if (remoteId === undefined && query.link === undefined && query.inReplyToId === undefined) {
      throw new Error('the post was made but its id is unknown: delete it by hand');
    }
    if (remoteId === undefined) remoteId = (await publisher.findExisting(query))?.id;
    const status = remoteId === undefined ? 'not-posted' : await publisher.remove(remoteId);
    await ledger.set(ledgerKey, platform, { ...entry, remoteId, reason: undefined, deleted: true, updatedAt: ctx.clock.now() });
    return { ...base, remoteId, status: status === 'removed' ? 'deleted' : status };
  } catch (error) {
    const message = (error as Error).message;
    await ledger.set(ledgerKey, platform, { ...entry, reason: `deletion failed: ${message}`, updatedAt: ctx.clock.now() });
    return { ...base, status: 'failed', error: message };
  }
}
