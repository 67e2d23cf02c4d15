import { type Command, Option } from 'commander';
import { getStatus } from '../../core/operate/get-status.ts';
import type { OperatorContext } from '../../core/operate/operator-context.ts';
import { OperatorError } from '../../core/operate/operator-error.ts';
import { pausePlatforms, resumePlatforms } from '../../core/operate/pause-platform.ts';
import { pollNow } from '../../core/operate/poll-now.ts';
import { previewFeed } from '../../core/operate/preview-feed.ts';
import { repostItem } from '../../core/operate/repost-item.ts';
import { retryPublish } from '../../core/operate/retry-publish.ts';
import { approveItem, rejectItem, type ReviewResult } from '../../core/operate/review-held-item.ts';
import { isPlatform, PLATFORMS, type Platform } from '../../domain/platform.ts';
import { redactUrlsIn } from '../../domain/redact-url.ts';
import type { CliContext } from './cli-context.ts';
import { formatPoll } from './format-poll.ts';
import { formatStatus } from './format-status.ts';
import { registerAuditCommand } from './register-audit-command.ts';
import { registerDoctorCommand } from './register-doctor-command.ts';
import { registerRetractCommand } from './register-retract-command.ts';

function platformsOf(value: string | undefined): Platform[] {
  if (value === undefined || value === 'all') return [...PLATFORMS];
  if (isPlatform(value)) return [value];
  throw new OperatorError(`--platform must be ${PLATFORMS.join(', ')} or all (got "${value}")`);
}

const platformOption = () => new Option('--platform <platform>', `${PLATFORMS.join(', ')} or all`).default('all');

function pollCommand(program: Command, cli: CliContext): void {
  program
    .command('poll')
    .description('poll now (through the queue of a running service) and print what was found and enqueued')
    .option('--feed <url>', 'only this configured feed')
    .option('--json', 'machine-readable output')
    .action(async (options: { feed?: string; json?: boolean }) => {
      const results = await cli.withOperator((ctx) => pollNow(ctx, options.feed));
      if (results.some((r) => r.result === 'failed')) cli.fail();
      if (options.json) return cli.json({ feeds: results });
      for (const r of results) for (const line of formatPoll(r)) cli.print(line);
    });
}

function previewCommand(program: Command, cli: CliContext): void {
  program
    .command('preview')
    .description('fetch and parse a feed; print what each item would become, per platform, with its length. Changes nothing.')
    .option('--feed <url|file>', 'a feed URL or a local file (default: the first configured feed)')
    .option('--json', 'machine-readable output')
    .action(async (options: { feed?: string; json?: boolean }) => {
      const result = await cli.withOperator((ctx) => previewFeed(ctx, options.feed, cli.deps.previewDeps(ctx.config)));
      if (options.json) return cli.json(result);
      cli.print(`Feed ${result.feed}: ${result.items.length} item(s)${result.rejected.length ? `, ${result.rejected.length} rejected` : ''}`);
      for (const item of result.items) {
        cli.print(`\n[${item.verdict}${item.reason ? `: ${item.reason}` : ''}] ${item.key}  ${item.title}`);
        for (const [platform, post] of Object.entries(item.posts)) {
          cli.print(`  --- ${platform} (${post.length}/${post.limit}) ---`);
          cli.print(post.text.replace(/^/gm, '  '));
        }
      }
      for (const r of result.rejected) cli.print(`rejected: ${r.reason} ${r.title ?? ''} ${r.link ?? ''}`);
    });
}

function statusCommand(program: Command, cli: CliContext): void {
  program
    .command('status')
    .description('latest items and their state per platform, held items, feeds, queues, pauses')
    .option('--json', 'machine-readable output')
    .option('--count <n>', 'how many items', '10')
    .action(async (options: { json?: boolean; count: string }) => {
      const report = await cli.withOperator((ctx) => getStatus(ctx, Math.max(1, Number(options.count) || 10)));
      if (options.json) cli.json(report);
      else cli.print(formatStatus(report));
    });
}

function pauseCommands(program: Command, cli: CliContext): void {
  program
    .command('pause')
    .description('kill switch: no request to the platform until "herald resume" (survives restarts)')
    .addOption(platformOption())
    .option('--reason <text>', 'why (shown in status and /readyz)', 'paused by an operator')
    .option('--json', 'machine-readable output')
    .action(async (options: { platform?: string; reason: string; json?: boolean }) => {
      const platforms = platformsOf(options.platform);
      const result = await cli.withAudit('pause', { platforms, reason: options.reason }, (ctx) => pausePlatforms(ctx, platforms, options.reason));
      if (options.json) return cli.json({ platforms: result });
      for (const p of result) cli.print(`${p.platform}: paused (${p.reason})`);
    });
  program
    .command('resume')
    .description('lift the kill switch')
    .addOption(platformOption())
    .option('--json', 'machine-readable output')
    .action(async (options: { platform?: string; json?: boolean }) => {
      const platforms = platformsOf(options.platform);
      const result = await cli.withAudit('resume', { platforms }, (ctx) => resumePlatforms(ctx, platforms));
      if (options.json) return cli.json({ platforms: result });
      for (const p of result) cli.print(`${p.platform}: resumed`);
    });
}

function repostCommand(program: Command, cli: CliContext): void {
  program
    .command('repost')
    .description('announce an item again (default: on every platform); refused within 10 minutes of its last post unless --force')
    .argument('<item>', 'latest, an item key, a guid or a link')
    .addOption(platformOption())
    .option('--force', 'post even if it went out in the last 10 minutes')
    .option('--json', 'machine-readable output')
    .action(async (item: string, options: { platform?: string; force?: boolean; json?: boolean }) => {
      const platforms = platformsOf(options.platform);
      const force = options.force === true;
      const result = await cli.withAudit('repost', { item, platforms, force }, (ctx) => repostItem(ctx, item, platforms, force));
      if (result.platforms.some((p) => p.status === 'refused')) cli.fail();
      if (options.json) return cli.json(result);
      cli.print(`${result.item.key}  ${result.item.title}`);
      for (const p of result.platforms) cli.print(`  ${p.platform}: ${p.status}${p.jobId ? ` (${p.jobId})` : ''}${p.reason ? ` — ${p.reason}` : ''}`);
    });
}

function retryCommand(program: Command, cli: CliContext): void {
  program
    .command('retry')
    .description('retry a failed publish once its cause is fixed')
    .argument('<key>', 'the item key (or repost / reply key) from "herald status"')
    .addOption(platformOption())
    .option('--json', 'machine-readable output')
    .action(async (key: string, options: { platform?: string; json?: boolean }) => {
      const platforms = platformsOf(options.platform);
      const result = await cli.withAudit('retry', { key, platforms }, (ctx) => retryPublish(ctx, key, platforms));
      if (!result.platforms.some((p) => p.status === 'retrying')) cli.fail();
      if (options.json) return cli.json(result);
      for (const p of result.platforms) cli.print(`${p.platform}: ${p.status}${p.state ? ` (ledger: ${p.state})` : ''}`);
    });
}

function heldItemCommands(program: Command, cli: CliContext): void {
  const reviews: Array<[string, (ctx: OperatorContext, key: string) => Promise<ReviewResult>, string]> = [
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
        const result = await cli.withAudit(name, { key }, (ctx) => action(ctx, key));
        if (options.json) return cli.json(result);
        cli.print(`${result.key}: ${result.status}  ${result.title}`);
      });
  }
}

function configCommand(program: Command, cli: CliContext): void {
  program
    .command('config')
    .description('print every environment variable with its effective value (defaults included), secrets shown as ***')
    .option('--json', 'machine-readable output: {"NAME": "value" or null}')
    .action((options: { json?: boolean }) => {
      const variables = Object.fromEntries(Object.entries(cli.config().variables).map(([name, value]) => [name, value === null ? null : redactUrlsIn(value)]));
      if (options.json) return cli.json(variables);
      for (const [name, value] of Object.entries(variables)) cli.print(value === null ? `${name}=  # unset` : `${name}=${value}`);
    });
}

/** The operator commands, in the order `herald --help` lists them. */
export function registerOperatorCommands(program: Command, cli: CliContext): void {
  pollCommand(program, cli);
  previewCommand(program, cli);
  repostCommand(program, cli);
  statusCommand(program, cli);
  pauseCommands(program, cli);
  retryCommand(program, cli);
  heldItemCommands(program, cli);
  registerRetractCommand(program, cli, platformsOf);
  registerAuditCommand(program, cli);
  configCommand(program, cli);
  registerDoctorCommand(program, cli);
}
