/**
 * The platforms Herald posts to. This list is the one place that names them: queues, ledgers,
 * status, the CLI and the admin API all iterate over it (a third platform starts here).
 */
export const PLATFORMS = ['x', 'mastodon', 'bluesky'] as const;

export type Platform = (typeof PLATFORMS)[number];

/** How each platform is named to people (logs, doctor, the public page). */
export const PLATFORM_NAMES: Readonly<Record<Platform, string>> = { x: 'X', mastodon: 'Mastodon', bluesky: 'Bluesky' };

/** Whether a string names a platform (CLI flags, API bodies, job data). */
export function isPlatform(value: string): value is Platform {
  return (PLATFORMS as readonly string[]).includes(value);
}
