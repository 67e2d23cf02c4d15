import type { Config } from '../../../config/load-config.ts';
import type { CredentialReport } from '../../domain/credential-report.ts';
import { PLATFORM_NAMES, PLATFORMS, type Platform } from '../../domain/platform.ts';
import { redactUrl, redactUrlsIn } from '../../domain/redact-url.ts';
import type { Clock } from '../../ports/clock.ts';
import type { FeedFetcher } from '../../ports/feed-fetcher.ts';
import type { Publisher } from '../../ports/publisher.ts';
import type { StoreHealth } from '../../ports/store-health.ts';
import { parseFeed } from '../feed/parse-feed.ts';
import type { CheckResult, DoctorCheck } from './run-doctor.ts';

export interface DoctorDeps {
  config: Config;
  /** `process.versions.node` of the process that runs Herald. */
  nodeVersion: string;
  store: StoreHealth;
  fetcher: FeedFetcher;
  /** Publishers built from the credentials even under DRY_RUN (so they can be checked before going live). */
  publishers: Record<Platform, Pick<Publisher, 'checkCredentials'>>;
  clock: Clock;
  /** The configuration fingerprint against the prefix's live instances (fingerprint-check.ts, bound to the store by the wiring). */
  fingerprint: DoctorCheck;
}

/** A platform's `Date` further off than this breaks OAuth 1.0a signatures and the timeline look-ups after an unknown outcome. */
const MAX_CLOCK_SKEW_MS = 30_000;

export function checkNode(version: string): CheckResult {
  const major = Number(version.replace(/^v/, '').split('.')[0]);
  return major >= 24
    ? { name: 'node', ok: true, detail: `Node.js v${version.replace(/^v/, '')}` }
    : { name: 'node', ok: false, detail: `Node.js v${version.replace(/^v/, '')}: Herald needs 24 or newer`, fix: 'Install Node.js 24 (nvm install 24, or see README.md "Quick start"), or run the Docker image.' };
}

function checkConfig(config: Config): CheckResult {
  const mode = (p: Platform) => `${PLATFORM_NAMES[p]} ${config[p].dryRun ? 'dry run' : 'live'}`;
  const feeds = `${config.feedUrls.length} feed${config.feedUrls.length === 1 ? '' : 's'}`;
  return { name: 'config', ok: true, detail: `valid: ${feeds}, ${PLATFORMS.map(mode).join(', ')}, prefix ${config.prefix}` };
}

async function checkStore(store: StoreHealth, redisUrl: string): Promise<CheckResult[]> {
  const shown = redactUrl(redisUrl);
  const found = await store.inspect();
  if (!found.reachable) {
    const unknown = { ok: true, skipped: true, detail: 'not checked: Redis does not answer' };
    return [
      { name: 'redis', ok: false, detail: `${shown} does not answer (${found.error})`, fix: 'Start Redis, or point REDIS_URL at it (redis://host:port; rediss:// for TLS).' },
      { name: 'redis persistence', ...unknown },
      { name: 'redis eviction', ...unknown },
    ];
  }
  const persistence: CheckResult =
    found.appendOnly === undefined
      ? { name: 'redis persistence', ok: true, skipped: true, detail: 'Redis did not say whether appendonly is on' }
      : found.appendOnly
        ? { name: 'redis persistence', ok: true, detail: 'appendonly yes' }
        : { name: 'redis persistence', ok: false, detail: 'appendonly no: a restart of Redis forgets the ledger, the seen items and the queued posts', fix: 'Set appendonly yes in redis.conf (or CONFIG SET appendonly yes, then CONFIG REWRITE); compose.yaml runs Redis that way.' };
  const policy = found.evictionPolicy;
  const eviction: CheckResult =
    policy === undefined
      ? { name: 'redis eviction', ok: true, skipped: true, detail: 'Redis did not say its maxmemory-policy' }
      : policy === 'noeviction'
        ? { name: 'redis eviction', ok: true, detail: 'maxmemory-policy noeviction' }
        : { name: 'redis eviction', ok: false, detail: `maxmemory-policy ${policy}: when memory runs short Redis silently drops jobs and ledger entries (lost or doubled posts)`, fix: 'Set maxmemory-policy noeviction in redis.conf (or CONFIG SET maxmemory-policy noeviction, then CONFIG REWRITE); BullMQ requires it.' };
  return [{ name: 'redis', ok: true, detail: `${shown} answers${found.version ? ` (Redis ${found.version})` : ''}` }, persistence, eviction];
}

async function checkFeed(url: string, deps: DoctorDeps): Promise<CheckResult> {
  const name = `feed ${redactUrl(url)}`;
  const fetched = await deps.fetcher.fetch(url, {});
  if (fetched.kind === 'failed') return { name, ok: false, detail: redactUrlsIn(fetched.message), fix: 'Check the address in FEED_URLS and that this machine reaches it.' };
  if (fetched.kind === 'not-modified') return { name, ok: false, detail: 'answered 304 to a request without validators', fix: 'The feed server is misconfigured: ask its host to answer a plain GET with the feed.' };
  let items: Awaited<ReturnType<typeof parseFeed>>['items'];
  try {
    items = (await parseFeed(fetched.body, url, new Date(deps.clock.now()))).items;
  } catch (error) {
    return { name, ok: false, detail: `does not parse: ${redactUrlsIn((error as Error).message)}`, fix: 'FEED_URLS must name an RSS 2.0 or Atom feed (herald preview --feed URL shows what Herald reads).' };
  }
  const dates = items.map((i) => i.publishedAt?.getTime()).filter((t): t is number => t !== undefined);
  const newest = dates.length > 0 ? `, newest ${new Date(Math.max(...dates)).toISOString().slice(0, 10)}` : ', no dates';
  const found = `${items.length} item${items.length === 1 ? '' : 's'}${newest}`;
  if (items.length === 0) return { name, ok: false, detail: 'the feed has no usable item', fix: 'Check that FEED_URLS names the blog\'s feed (herald preview --feed URL lists what is rejected and why).' };
  const { etag, lastModified } = fetched.validators;
  if (etag === undefined && lastModified === undefined) {
    return { name, ok: false, detail: `${found}; no ETag or Last-Modified: every poll downloads and parses the whole feed`, fix: 'Ask the feed\'s host to send ETag or Last-Modified (most web servers and CDNs do by default).' };
  }
  const validators = [etag !== undefined && 'ETag', lastModified !== undefined && 'Last-Modified'].filter(Boolean).join(' and ');
  return { name, ok: true, detail: `${found}; ${validators}` };
}

function credentialLine(report: CredentialReport, config: Config): CheckResult {
  const name = `${report.platform} credentials`;
  if (report.state === 'failed') return { name, ok: false, detail: report.detail, fix: report.fix };
  const forced = config.dryRun && report.state === 'ok' ? ' (DRY_RUN=true: nothing is sent yet)' : '';
  return { name, ok: true, detail: `${report.detail}${forced}` };
}

function checkClock(reports: CredentialReport[]): CheckResult {
  const clocks = reports.filter((r) => r.clock !== undefined);
  if (clocks.length === 0) return { name: 'clock', ok: true, skipped: true, detail: 'not checked: no live platform answered with a Date' };
  const skews = clocks.map((r) => ({ platform: PLATFORM_NAMES[r.platform], skew: r.clock!.local - r.clock!.server }));
  const worst = skews.reduce((a, b) => (Math.abs(b.skew) > Math.abs(a.skew) ? b : a));
  const seconds = Math.round(Math.abs(worst.skew) / 1000);
  const against = skews.map((s) => s.platform).join(' and ');
  if (Math.abs(worst.skew) <= MAX_CLOCK_SKEW_MS) return { name: 'clock', ok: true, detail: `within ${Math.max(1, seconds)} s of ${against}` };
  return {
    name: 'clock',
    ok: false,
    detail: `this machine's clock is ${seconds} s ${worst.skew > 0 ? 'ahead of' : 'behind'} ${worst.platform}'s`,
    fix: 'Synchronise the clock (NTP: timedatectl set-ntp true, or chrony); X rejects OAuth signatures from a wrong clock, and Herald\'s look-ups after an unknown outcome depend on it.',
  };
}

/**
 * The checks of `herald doctor` and `GET /admin/doctor`, in the order they print. Each is a small
 * function returning ✓/✗ lines with the fix in words; a new one is one more entry here.
 */
export function doctorChecks(deps: DoctorDeps): DoctorCheck[] {
  const { config } = deps;
  const credentials: DoctorCheck = async () => {
    const reports = await Promise.all(PLATFORMS.map((p) => deps.publishers[p].checkCredentials()));
    return [...reports.map((r) => credentialLine(r, config)), checkClock(reports)];
  };
  return [
    async () => checkNode(deps.nodeVersion),
    async () => checkConfig(config),
    () => checkStore(deps.store, config.redisUrl),
    deps.fingerprint,
    ...config.feedUrls.map((url): DoctorCheck => () => checkFeed(url, deps)),
    credentials,
  ];
}
