import { Command, CommanderError, Option } from 'commander';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { ConfigError, type Config, loadConfigFromProcess, redactConfig } from '../../config/load-config.ts';
import { createPublishers } from '../app/create-publishers.ts';
import { USER_AGENT } from '../app/start-service.ts';
import { getStatus } from '../ops/get-status.ts';
import { createOperatorContext, type OperatorContext, OperatorError } from '../ops/operator-context.ts';
import { pausePlatforms, resumePlatforms } from '../ops/pause-platform.ts';
import { pollNow } from '../ops/poll-now.ts';
import { previewFeed } from '../ops/preview-feed.ts';
import { repostItem } from '../ops/repost-item.ts';
import { retryPublish } from '../ops/retry-publish.ts';
import { approveItem, rejectItem } from '../ops/review-held-item.ts';
import { PLATFORMS, type Platform } from '../store/redis-store.ts';
import { formatStatus } from './format-status.ts';
import { runMentionTools } from './run-mention-tools.ts';
import { runStart } from './run-start.ts';

function loadConfigOrExplain(): Config {
  try {
    return loadConfigFromProcess();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`herald: ${error.message}\nSee README.md ("Configuration") for every variable.\n`);
      process.exit(2);
    }
    throw error;
  }
}

const out = (text: string): void => {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
};
const json = (value: unknown): void => out(JSON.stringify(value));

/** Runs an operator action with its own Redis connection, closed afterwards; fails fast if Redis is down. */
async function withOperator<T>(action: (ctx: OperatorContext) => Promise<T>): Promise<T> {
  const config = loadConfigOrExplain();
  const redis = new Redis(config.redisUrl, {
    maxRetriesPerRequest: 2,
    connectTimeout: 5000,
    retryStrategy: (times) => (times > 3 ? null : 200),
  });
  redis.on('error', () => undefined);
  const ctx = createOperatorContext(config, redis);
  try {
    await redis.ping().catch(() => {
      throw new OperatorError(`Redis at ${config.redisUrl.replace(/\/\/[^@/]*@/, '//***@')} does not answer: check REDIS_URL and that Redis runs.`);
    });
    return await action(ctx);
  } finally {
    await Promise.all([ctx.queues.poll.close(), ctx.queues.publish.x.close(), ctx.queues.publish.mastodon.close(), ctx.queues.mentions.close()]).catch(() => undefined);
    redis.disconnect();
  }
}

function platformsOf(value: string | undefined): Platform[] {
  if (value === undefined || value === 'all') return [...PLATFORMS];
  if (value === 'x' || value === 'mastodon') return [value];
  throw new OperatorError(`--platform must be x, mastodon or all (got "${value}")`);
}

const platformOption = () => new Option('--platform <platform>', 'x, mastodon or all').default('all');

/** The `herald` command line. Returns the exit code (0 only on success). */
export async function runCli(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('herald')
    .description('Herald: announces every new Session Technology Foundation post on X and Mastodon, exactly once.')
    .exitOverride()
    .showHelpAfterError();

  program
    .command('start')
    .description('run the service: poll the feeds, publish, answer health checks (what `npm start` runs)')
    .action(async () => {
      await runStart(loadConfigOrExplain());
    });

  program
    .command('poll')
    .description('poll now (through the queue of a running service) and print what was found and enqueued')
    .option('--feed <url>', 'only this configured feed')
    .option('--json', 'machine-readable output')
    .action(async (options: { feed?: string; json?: boolean }) => {
      const results = await withOperator((ctx) => pollNow(ctx, options.feed));
      if (results.some((r) => r.result === 'failed')) exitCode = 1;
      if (options.json) return json({ feeds: results });
      for (const r of results) {
        out(`${r.feedUrl}: ${r.result}${r.error ? ` — ${r.error}` : ''}${r.found !== undefined ? `, ${r.found} item(s) in the feed` : ''}`);
        for (const e of r.enqueued ?? []) out(`  enqueued ${e.itemKey}  ${e.title}  ${e.link}`);
        for (const h of r.held ?? []) out(`  HELD (${h.reason}) ${h.itemKey}  ${h.title}  ${h.link}`);
        if ((r.enqueued ?? []).length === 0 && r.result !== 'failed') out('  nothing new');
      }
    });

  program
    .command('preview')
    .description('fetch and parse a feed; print what each item would become, per platform, with its length. Changes nothing.')
    .option('--feed <url|file>', 'a feed URL or a local file (default: the first configured feed)')
    .option('--json', 'machine-readable output')
    .action(async (options: { feed?: string; json?: boolean }) => {
      const result = await withOperator((ctx) =>
        previewFeed(ctx, options.feed, createPublishers(ctx.config, pino({ level: 'silent' })), USER_AGENT),
      );
      if (options.json) return json(result);
      out(`Feed ${result.feed}: ${result.items.length} item(s)${result.rejected.length ? `, ${result.rejected.length} rejected` : ''}`);
      for (const item of result.items) {
        out(`\n[${item.verdict}${item.reason ? `: ${item.reason}` : ''}] ${item.key}  ${item.title}`);
        for (const [platform, post] of Object.entries(item.posts)) {
          out(`  --- ${platform} (${post.length}/${post.limit}) ---`);
          out(post.text.replace(/^/gm, '  '));
        }
      }
      for (const r of result.rejected) out(`rejected: ${r.reason} ${r.title ?? ''} ${r.link ?? ''}`);
    });

  program
    .command('repost')
    .description('announce an item again (default: on every platform); refused within 10 minutes of its last post unless --force')
    .argument('<item>', 'latest, an item key, a guid or a link')
    .addOption(platformOption())
    .option('--force', 'post even if it went out in the last 10 minutes')
    .option('--json', 'machine-readable output')
    .action(async (item: string, options: { platform?: string; force?: boolean; json?: boolean }) => {
      const platforms = platformsOf(options.platform);
      const result = await withOperator((ctx) => repostItem(ctx, item, platforms, options.force === true));
      if (result.platforms.some((p) => p.status === 'refused')) exitCode = 1;
      if (options.json) return json(result);
      out(`${result.item.key}  ${result.item.title}`);
      for (const p of result.platforms) out(`  ${p.platform}: ${p.status}${p.jobId ? ` (${p.jobId})` : ''}${p.reason ? ` — ${p.reason}` : ''}`);
    });

  program
    .command('status')
    .description('latest items and their state per platform, held items, feeds, queues, pauses')
    .option('--json', 'machine-readable output')
    .option('--count <n>', 'how many items', '10')
    .action(async (options: { json?: boolean; count: string }) => {
      const report = await withOperator((ctx) => getStatus(ctx, Math.max(1, Number(options.count) || 10)));
      if (options.json) json(report);
      else out(formatStatus(report));
    });

  program
    .command('pause')
    .description('kill switch: no request to the platform until "herald resume" (survives restarts)')
    .addOption(platformOption())
    .option('--reason <text>', 'why (shown in status and /readyz)', 'paused by an operator')
    .option('--json', 'machine-readable output')
    .action(async (options: { platform?: string; reason: string; json?: boolean }) => {
      const platforms = platformsOf(options.platform);
      const result = await withOperator((ctx) => pausePlatforms(ctx, platforms, options.reason));
      if (options.json) return json({ platforms: result });
      for (const p of result) out(`${p.platform}: paused (${p.reason})`);
    });

  program
    .command('resume')
    .description('lift the kill switch')
    .addOption(platformOption())
    .option('--json', 'machine-readable output')
    .action(async (options: { platform?: string; json?: boolean }) => {
      const platforms = platformsOf(options.platform);
      const result = await withOperator((ctx) => resumePlatforms(ctx, platforms));
      if (options.json) return json({ platforms: result });
      for (const p of result) out(`${p.platform}: resumed`);
    });

  program
    .command('retry')
    .description('retry a failed publish once its cause is fixed')
    .argument('<key>', 'the item key (or repost / reply key) from "herald status"')
    .addOption(platformOption())
    .option('--json', 'machine-readable output')
    .action(async (key: string, options: { platform?: string; json?: boolean }) => {
      const platforms = platformsOf(options.platform);
      const result = await withOperator((ctx) => retryPublish(ctx, key, platforms));
      if (!result.platforms.some((p) => p.status === 'retrying')) exitCode = 1;
      if (options.json) return json(result);
      for (const p of result.platforms) out(`${p.platform}: ${p.status}${p.state ? ` (ledger: ${p.state})` : ''}`);
    });

  const reviews: Array<[string, (ctx: OperatorContext, key: string) => Promise<{ key: string; title: string; status: string }>, string]> = [
    ['approve', approveItem, 'announce a held item after all'],
    ['reject', rejectItem, 'never announce a held item'],
  ];
  for (const [name, action, what] of reviews) {
    program
      .command(name)
      .description(what)
      .argument('<key>', 'the held item key from "herald status"')
      .option('--json', 'machine-readable output')
      .action(async (key: string, options: { json?: boolean }) => {
        const result = await withOperator((ctx) => action(ctx, key));
        if (options.json) return json(result);
        out(`${result.key}: ${result.status}  ${result.title}`);
      });
  }

  program
    .command('config')
    .description('print the effective configuration, secrets shown as ***')
    .option('--json', 'machine-readable output (one line)')
    .action((options: { json?: boolean }) => {
      const shown = redactConfig(loadConfigOrExplain());
      out(JSON.stringify(shown, null, options.json ? 0 : 2));
    });

  runMentionTools(program, loadConfigOrExplain);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : error.exitCode || 1;
    process.stderr.write(`herald: ${(error as Error).message}\n`);
    return 1;
  }
}
