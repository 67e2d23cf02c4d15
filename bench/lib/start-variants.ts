/**
 * `herald start` in the configurations and settings the start-up benchmark compares: X and
 * Mastodon live (the fakes) or a dry run (no credentials), each with or without the image's
 * memory settings (bench/lib/image-settings.ts), each with a compile cache of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { testEnvironment } from '../../test/helpers/test-environment.ts';
import { type FakeMastodon, type FakeX, liveEnv } from './fakes.ts';
import type { ImageSettings } from './image-settings.ts';
import { freePort, ROOT, rssOf, sleep, spawnHeraldStart, spawnNode, waitForReady, HERALD_LAUNCHER } from './processes.ts';
import { benchPrefix, cleanupPrefix } from './redis.ts';

export interface Variant {
  name: string;
  live: boolean;
  image: boolean;
  /** NODE_COMPILE_CACHE of this variant: empty at first, filled by its first start. */
  cacheDir: string;
}

export interface StartSample {
  readyMs: number;
  stopMs: number;
  rss: number;
  anon: number;
  file: number;
}

export function makeVariants(): Variant[] {
  const variant = (name: string, live: boolean, image: boolean): Variant => ({ name, live, image, cacheDir: mkdtempSync(join(tmpdir(), 'bench-compile-cache-')) });
  return [variant('X + Mastodon live, image settings', true, true), variant('dry run, image settings', false, true), variant('X + Mastodon live, no settings', true, false), variant('dry run, no settings', false, false)];
}

export function removeVariants(variants: Variant[]): void {
  for (const v of variants) rmSync(v.cacheDir, { recursive: true, force: true });
}

interface StartContext {
  feedUrl: string;
  x: FakeX;
  mastodon: FakeMastodon;
  settings: ImageSettings;
}

function environment(v: Variant, c: StartContext, prefix: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return testEnvironment(prefix, {
    ...(v.live ? liveEnv(c.x, c.mastodon) : {}),
    FEED_URLS: c.feedUrl,
    FEED_POLL_SECONDS: '300',
    HTTP_PORT: String(port),
    LOG_LEVEL: 'info',
    NODE_COMPILE_CACHE: v.cacheDir,
    ...(v.image ? c.settings.env : {}),
    ...extra,
  });
}

/** One start: spawn → /readyz 200, RSS `settleMs` later, then SIGTERM and the time to exit. */
export async function startOnce(v: Variant, c: StartContext, settleMs = 500): Promise<StartSample> {
  const prefix = benchPrefix('startup');
  const port = await freePort();
  try {
    const start = performance.now();
    const child = spawnHeraldStart(environment(v, c, prefix, port), undefined, v.image ? c.settings.nodeFlags : []);
    let sample: Omit<StartSample, 'stopMs'> = { readyMs: Number.NaN, rss: Number.NaN, anon: Number.NaN, file: Number.NaN };
    let stopMs = Number.NaN;
    try {
      const ready = await waitForReady(port, child);
      await sleep(settleMs);
      const rss = rssOf(child.pid);
      sample = { readyMs: ready - start, rss: rss?.rss ?? Number.NaN, anon: rss?.anon ?? Number.NaN, file: rss?.file ?? Number.NaN };
    } finally {
      const stopStart = performance.now();
      await child.stop();
      stopMs = performance.now() - stopStart;
    }
    return { ...sample, stopMs };
  } finally {
    await cleanupPrefix(prefix);
  }
}

/** The npm packages a start of this variant loads (a resolve hook, in a run of its own: it is not measured). */
export async function packagesLoaded(v: Variant, c: StartContext): Promise<string[]> {
  const prefix = benchPrefix('startup');
  const port = await freePort();
  try {
    const hook = ['--import', pathToFileURL(`${ROOT}bench/lib/list-packages-hook.ts`).href];
    const child = spawnNode([...(v.image ? c.settings.nodeFlags : []), ...hook, HERALD_LAUNCHER, 'start'], environment(v, c, prefix, port));
    try {
      await waitForReady(port, child);
      await sleep(500);
    } finally {
      await child.stop();
    }
    return (/PACKAGES (.*)/.exec(child.tail())?.[1] ?? '').split(' ').filter(Boolean);
  } finally {
    await cleanupPrefix(prefix);
  }
}
