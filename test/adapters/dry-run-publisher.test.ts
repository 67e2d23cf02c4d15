import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DryRunPublisher } from '../../src/adapters/dry-run-publisher.ts';
import { PLATFORMS } from '../../src/domain/platform.ts';

describe('a platform in dry run', () => {
  const names = { x: 'X', mastodon: 'Mastodon', bluesky: 'Bluesky' };
  it.each(PLATFORMS)('%s: doctor and retract name the platform itself', async (platform) => {
    const publisher = new DryRunPublisher(platform, pino({ level: 'silent' }));
    const report = await publisher.checkCredentials();
    expect(report).toMatchObject({ platform, state: 'dry-run' });
    expect(report.detail).toContain(`no ${names[platform]} credentials`);
    await expect(publisher.remove('42')).rejects.toThrow(new RegExp(`^${names[platform]} has no credentials here`));
  });
});
