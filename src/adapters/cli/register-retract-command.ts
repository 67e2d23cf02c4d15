import type { Command } from 'commander';
import { retractItem } from '../../core/operate/retract-item.ts';
import { PLATFORMS } from '../../domain/platform.ts';
import type { CliContext } from './cli-context.ts';

/**
 * `herald retract <item> [--platform p] --reason "…"`: deletes the announcement (and its
 * reposts) where it went out and never posts it again. Exit 1 when a platform did not delete:
 * the same command retries.
 */
export function registerRetractCommand(program: Command, cli: CliContext, platformsOf: (value: string | undefined) => typeof PLATFORMS[number][]): void {
  program
    .command('retract')
    .description('delete an announcement (and its reposts) on every platform where it went out, and never post it again')
    .argument('<item>', 'latest, an item key, a guid or a link; or a repost or reply key from "herald status"')
    .option('--platform <platform>', `${PLATFORMS.join(', ')} or all`, 'all')
    .requiredOption('--reason <text>', 'why (kept in the ledger and the audit log)')
    .option('--json', 'machine-readable output')
    .action(async (item: string, options: { platform?: string; reason: string; json?: boolean }) => {
      const platforms = platformsOf(options.platform);
      const result = await cli.withAudit('retract', { item, platforms, reason: options.reason }, (ctx) => retractItem(ctx, item, platforms, options.reason));
      const failed = result.platforms.filter((p) => p.status === 'failed');
      if (failed.length > 0) cli.fail();
      if (options.json) return cli.json(result);
      cli.print(`${result.key}${result.title ? `  ${result.title}` : ''}  (retracted: ${result.reason})`);
      for (const p of result.platforms) {
        const what = p.ledgerKey === result.key ? '' : ` ${p.ledgerKey}`;
        cli.print(`  ${p.platform}${what}: ${p.status}${p.remoteId ? ` (id ${p.remoteId})` : ''}${p.error ? ` — ${p.error}` : ''}`);
      }
      if (failed.length > 0) cli.print('Not everything was deleted: run the same command again once the cause is fixed (it is safe to repeat).');
    });
}
