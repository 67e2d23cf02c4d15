import { distance } from 'fastest-levenshtein';
import { confusableSkeleton } from './confusable-skeleton.ts';

/** An official name a lookalike may imitate, and the channel to name in the warning. */
export interface LookalikeTarget {
  /** The official name as written, e.g. `SessionTechFND` or `getsession`. */
  name: string;
  /** The official channel to name, e.g. `@SessionTechFND` or `getsession.org`. */
  of: string;
}

/** Which rule made a token a lookalike; verifySubject turns it into a fixed reason. */
export type LookalikeRule = 'same-name' | 'confusable' | 'near-miss' | 'bait-word' | 'embedded';

const SEPARATORS = /[\s_.\-‐-―·・]+/gu;

/**
 * Words scammers attach to a brand name ("SessionSupport", "session_airdrop", "sessiontoken").
 * Stripped from either end of a token before comparing it with the official names.
 */
const BAIT_WORDS = [
  'official', 'support', 'supports', 'airdrop', 'airdrops', 'giveaway', 'giveaways', 'token',
  'tokens', 'help', 'helpdesk', 'desk', 'team', 'claim', 'claims', 'reward', 'rewards', 'bonus',
  'promo', 'admin', 'admins', 'staff', 'service', 'services', 'care', 'verify', 'verification',
  'wallet', 'wallets', 'drop', 'free', 'gift', 'gifts', 'event', 'live', 'hq', 'real', 'the',
  'info', 'news', 'crypto', 'coin', 'dao', 'mod', 'mods', 'update', 'updates', 'login', 'secure',
  'security', 'account', 'accounts', 'global', 'ceo', 'founder', 'dev', 'devs', 'labs', 'web',
  'online', 'portal', 'my', 'get', 'go', 'us', 'en', 'io', 'fnd',
].map(key).sort((a, b) => b.length - a.length);

function plain(text: string): string {
  return text.toLowerCase().replace(SEPARATORS, '');
}

/** Comparison key: confusable skeleton without separators, so `session-app` ≈ `session_app`. */
function key(text: string): string {
  return confusableSkeleton(text).replace(SEPARATORS, '');
}

/**
 * Does `token` (a handle, an account name or a domain label) imitate one of `targets`?
 *
 * Returns the closest imitated target and the rule that matched, or undefined. Callers must
 * first rule out the exact official spellings: an exact official name is a lookalike here.
 * Thresholds grow with the name's length so short names ("session") only match one-letter
 * changes and common words ("passion", "lesson") are not flagged.
 */
export function matchLookalike(
  token: string,
  targets: readonly LookalikeTarget[],
): { target: LookalikeTarget; rule: LookalikeRule } | undefined {
  const k = key(token);
  if (k.length < 3 || k.length > 128) return undefined;
  const keyed = targets.map((target) => ({ target, k: key(target.name) }));

  const direct = nearest(k, keyed);
  if (direct !== undefined) {
    if (direct.d > 0) return { target: direct.target, rule: 'near-miss' };
    return { target: direct.target, rule: plain(token) === plain(direct.target.name) ? 'same-name' : 'confusable' };
  }

  for (const stripped of strippedVariants(k)) {
    const hit = nearest(stripped, keyed);
    if (hit !== undefined) return { target: hit.target, rule: 'bait-word' };
  }

  const embedded = keyed.filter((t) => t.k.length >= 9 && k.includes(t.k));
  const longest = embedded.sort((a, b) => b.k.length - a.k.length)[0];
  if (longest !== undefined) return { target: longest.target, rule: 'embedded' };
  return undefined;
}

/**
 * The official target whose name is nearest to `name` (ties: first listed). Used to pick which
 * channel to name when a lookalike imitates a brand name rather than a specific channel.
 */
export function nearestTarget(name: string, targets: readonly LookalikeTarget[]): LookalikeTarget | undefined {
  const k = key(name);
  let best: { target: LookalikeTarget; d: number } | undefined;
  for (const target of targets) {
    const d = distance(k, key(target.name));
    if (best === undefined || d < best.d) best = { target, d };
  }
  return best?.target;
}

function nearest(
  k: string,
  keyed: ReadonlyArray<{ target: LookalikeTarget; k: string }>,
): { target: LookalikeTarget; d: number } | undefined {
  let best: { target: LookalikeTarget; d: number } | undefined;
  for (const t of keyed) {
    if (Math.abs(t.k.length - k.length) > 2) continue;
    const d = distance(k, t.k);
    if (d <= allowedDistance(t.k.length) && (best === undefined || d < best.d)) best = { target: t.target, d };
  }
  return best;
}

/** Edit distance tolerated for a name of this length: 0 below 5, 1 up to 7, 2 from 8. */
function allowedDistance(length: number): number {
  if (length >= 8) return 2;
  if (length >= 5) return 1;
  return 0;
}

/** `k` with bait words removed from its ends, one and then repeatedly (longest words first). */
function strippedVariants(k: string): string[] {
  const variants: string[] = [];
  let current = k;
  for (let round = 0; round < 4; round++) {
    let next = current;
    for (const word of BAIT_WORDS) {
      if (next.length - word.length < 4) continue;
      if (next.startsWith(word)) next = next.slice(word.length);
      else if (next.endsWith(word)) next = next.slice(0, -word.length);
      else continue;
      break;
    }
    if (next === current) break;
    variants.push(next);
    current = next;
  }
  return variants;
}
