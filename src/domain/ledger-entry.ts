/**
 * The ledger of one (item, platform) — or repost, or reply — and every transition it may make.
 * Nothing else builds an entry, so a new state is added here and nowhere else.
 *
 *   (none) ──start──▶ pending ──▶ posted      (remote id and URL; never called again)
 *                        │  ▲ └──▶ failed ──retry──▶ pending
 *                        └──┘ (not taken: rate limit, fault that never reached the platform)
 *
 *   any state ──retract──▶ retracted          (final: never posted again; who, when, why)
 *
 * `attemptedAt` is set while a request may have reached the platform: the next try first looks
 * for the post on the timeline instead of posting again.
 */
export interface LedgerEntry {
  state: 'pending' | 'posted' | 'failed' | 'retracted';
  text?: string;
  attemptedAt?: number;
  remoteId?: string;
  url?: string;
  reason?: string;
  dryRun?: boolean;
  /** Set once retracted: who took the post back, when and why. */
  retraction?: Retraction;
  /** Retracted and confirmed gone from the platform (or never sent); a failed deletion leaves it unset. */
  deleted?: boolean;
  updatedAt: number;
}

/** An operator took a post back (`herald retract`): it is deleted and never posted again. */
export interface Retraction {
  by: string;
  /** Epoch ms. */
  at: number;
  reason: string;
}

export type LedgerState = LedgerEntry['state'];

/** Posted, failed or retracted: the publish is over until a human asks for a retry. */
export function isSettled(entry: LedgerEntry | undefined): boolean {
  return entry?.state === 'posted' || entry?.state === 'failed' || entry?.state === 'retracted';
}

/** About to call the platform with `text`: from here an outcome may be unknown. */
export function startAttempt(text: string, now: number): LedgerEntry {
  return { state: 'pending', text, attemptedAt: now, updatedAt: now };
}

/** The platform did not take the post (rate limit, fault before sending): nothing to look for. */
export function notTaken(text: string, now: number): LedgerEntry {
  return { state: 'pending', text, updatedAt: now };
}

export interface PostedPost {
  remoteId?: string;
  url?: string;
  dryRun?: boolean;
}

/** The post exists on the platform (made now, or found after an unknown outcome). */
export function markPosted(text: string | undefined, post: PostedPost, now: number): LedgerEntry {
  return { state: 'posted', text, remoteId: post.remoteId, url: post.url, dryRun: post.dryRun || undefined, updatedAt: now };
}

/** A hard stop: final until a human acts; the reason says what to check. */
export function markFailed(text: string | undefined, reason: string, now: number): LedgerEntry {
  return { state: 'failed', text, reason, updatedAt: now };
}

/** Retries ran out: failed, keeping what was known, with the command that tries again. */
export function giveUp(entry: LedgerEntry | undefined, reason: string, now: number): LedgerEntry {
  return { ...entry, state: 'failed', reason, updatedAt: now };
}

/** `herald retry`: a failed entry goes back to pending (its attempt time kept, so the retry looks first). */
export function reopen(entry: LedgerEntry, now: number): LedgerEntry {
  return { ...entry, state: 'pending', reason: undefined, updatedAt: now };
}

/**
 * `herald retract`: final. The remote id and URL stay (what was deleted, or still has to be
 * when a deletion failed); the attempt time too, so a post whose outcome was unknown can be
 * looked for and deleted.
 */
export function markRetracted(entry: LedgerEntry | undefined, retraction: Retraction, now: number): LedgerEntry {
  return { ...entry, state: 'retracted', reason: undefined, retraction, updatedAt: now };
}
